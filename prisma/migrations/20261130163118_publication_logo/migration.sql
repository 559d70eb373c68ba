-- AlterTable
ALTER TABLE "Publication" ADD COLUMN     "logoUrl" TEXT NOT NULL DEFAULT '';

-- From prisma/constraints.sql
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_logoUrl_check" CHECK ("logoUrl" = '' OR "logoUrl" ~ '^https?://');
