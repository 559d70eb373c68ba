-- AlterEnum
ALTER TYPE "DeliveryEventType" ADD VALUE 'unsubscribed';
