-- AlterEnum
ALTER TYPE "ImportStatus" ADD VALUE 'expired';
