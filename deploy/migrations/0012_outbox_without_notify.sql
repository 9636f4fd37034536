-- Speed: the outbox trigger's NOTIFY woke the relay, but every transaction that
-- notifies takes PostgreSQL's global notification lock at commit and holds it
-- through the WAL flush. Every service writes the outbox, so their commits
-- queued one behind another, each with its own fsync, and group commit never
-- happened. The writing process now wakes its own relay after the commit
-- (OutboxSignal); the relay's one-second poll catches rows of other processes.
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
