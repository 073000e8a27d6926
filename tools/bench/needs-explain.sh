#!/usr/bin/env bash
# The plans of the Needs lists' SQL (as Marten sends it, read from pg_stat_activity during a run) on a running
# platform's PostgreSQL: the marathon whose needs were submitted last and the one holding 1,000 needs.
# needs.sh runs it before stopping its boot (output in /tmp/probono-bench-needs-last/explain.log); by hand:
#   tools/bench/needs-explain.sh [PG_PORT]        # default 55432, password probono-local, database needs
set -euo pipefail
export PGPASSWORD=${PGPASSWORD:-probono-local}
P=(psql -h 127.0.0.1 -p "${1:-55432}" -U postgres -d needs)
echo "needs in the database: $("${P[@]}" -Atc 'select count(*) from needs.mt_doc_need')"
late=$("${P[@]}" -Atc "select data->>'marathonId' from needs.mt_doc_need group by 1 order by min(data->>'submittedAt') desc limit 1")
thousand=$("${P[@]}" -Atc "select data->>'marathonId' from needs.mt_doc_need group by 1 having count(*) = 1000 limit 1")
for m in $late $thousand; do
  echo "=== marathon $m ($("${P[@]}" -Atc "select count(*) from needs.mt_doc_need where data->>'marathonId' = '$m'") needs)"
  echo "--- staff list, page of 50"
  "${P[@]}" -c "explain (analyze, buffers) select d.data, d.mt_version from needs.mt_doc_need as d where CAST(d.data ->> 'marathonId' as uuid) = '$m' order by needs.mt_immutable_timestamptz(d.data ->> 'submittedAt'), d.id OFFSET 0 LIMIT 50;"
  echo "--- staff list's total"
  "${P[@]}" -c "explain (analyze, buffers) select count(*) as number from needs.mt_doc_need as d where CAST(d.data ->> 'marathonId' as uuid) = '$m';"
  echo "--- partner list, page of 50"
  "${P[@]}" -c "explain (analyze, buffers) select d.data, d.mt_version from needs.mt_doc_need as d where (CAST(d.data ->> 'marathonId' as uuid) = '$m' and d.data ->> 'status' = 'Published') order by needs.mt_immutable_timestamptz(d.data ->> 'submittedAt'), d.id OFFSET 0 LIMIT 50;"
  echo "--- partner list's total"
  "${P[@]}" -c "explain (analyze, buffers) select count(*) as number from needs.mt_doc_need as d where (CAST(d.data ->> 'marathonId' as uuid) = '$m' and d.data ->> 'status' = 'Published');"
done
