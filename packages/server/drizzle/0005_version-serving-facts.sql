ALTER TABLE "product_versions" ADD COLUMN "cost_figures" jsonb;--> statement-breakpoint
ALTER TABLE "product_versions" ADD COLUMN "serving_facts" jsonb;