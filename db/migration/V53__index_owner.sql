-- The replica that owns an environment's index passes, as the replicas compute it from the live list (rendezvous
-- hashing, docs/index.md "Coordination"); each replica writes its own share on every heartbeat, and claims by it.
ALTER TABLE index_environment ADD COLUMN owner_replica VARCHAR(200);
CREATE INDEX index_environment_owner_due_idx ON index_environment (owner_replica, next_pass_at);
