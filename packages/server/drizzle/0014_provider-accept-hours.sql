ALTER TABLE "providers" ALTER COLUMN "accept_deadline_hours" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "providers" ALTER COLUMN "accept_deadline_hours" DROP NOT NULL;