-- dbt's source_status:fresher selects the sources whose latest freshness check found newer data than the check
-- before it (docs/discovery.md, "Lineage selection"). discovery_freshness keeps a source's latest check only; this
-- column keeps the max_loaded_at of the check it replaced: NULL when there was none, or when that check found no
-- max_loaded_at (it failed to run). Replicas of the previous version leave it as it was when they store a check; the
-- next check stored by this version sets it again.
ALTER TABLE discovery_freshness ADD COLUMN previous_max_loaded_at TIMESTAMPTZ;
