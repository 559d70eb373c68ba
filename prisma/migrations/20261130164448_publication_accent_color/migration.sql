-- AlterTable
ALTER TABLE "Publication" ADD COLUMN     "accentColor" TEXT NOT NULL DEFAULT '';

-- From prisma/constraints.sql
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_accentColor_check" CHECK ("accentColor" = '' OR "accentColor" ~ '^#[0-9a-f]{6}$');
