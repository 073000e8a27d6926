global using Xunit;
// the problems the deciders refuse with (RuleViolated, NotFound, …), which most of the specifications expect
global using ProBono.ServiceDefaults.Problems;
