-- From prisma/constraints.sql
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Subscriber_email_trgm_idx" ON "Subscriber" USING GIN ("email" gin_trgm_ops);
CREATE INDEX "Subscriber_name_trgm_idx" ON "Subscriber" USING GIN ("name" gin_trgm_ops);
