-- The production event-store database. eventsourcing creates each service's tables on first start
-- (<service>application_events, _tracking); the chassis creates person_keys, erased_persons and
-- personal_data_reads. The key vault should move to its own database (or a KMS) in production so a
-- database backup never holds the keys beside the ciphertext.
CREATE DATABASE wcso;
CREATE USER wcso WITH PASSWORD 'change-me';
GRANT ALL PRIVILEGES ON DATABASE wcso TO wcso;
\c wcso
GRANT ALL ON SCHEMA public TO wcso;
