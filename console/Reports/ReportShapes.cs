namespace ProBono.StaffConsole.Reports;

// The Feedback service's report (API.md, "Feedback — surveys, reports, impact"), as far as the page shows it.

public sealed record GroupFigures(int Invited, int Responded, decimal? ResponseRate, decimal? Nps, decimal? Csat);

public sealed record ReportGroups(GroupFigures Volunteer, GroupFigures Association, GroupFigures Partner);

public sealed record PartnerReportLine(string PartnerId, string? Name, int Volunteers, int Hours, decimal ValueEur, decimal? Nps, decimal? Csat);

public sealed record ImpactFigures(int Volunteers, int Hours, decimal ValueEur, int Teams, int Deliverables);

public sealed record MarathonReport(ReportGroups Groups, IReadOnlyList<PartnerReportLine> ByPartner, ImpactFigures Impact);
