ALTER TABLE "designs" ADD COLUMN "share_token_hash" text;--> statement-breakpoint
ALTER TABLE "designs" ADD COLUMN "remixed_from" uuid;