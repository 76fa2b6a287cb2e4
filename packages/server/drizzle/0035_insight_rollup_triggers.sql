-- Roll-ups of the insight pages (src/insights/insight-rollups.schema.ts, docs/insights.md): kept
-- by these triggers in the same transaction as the rows they count, whoever writes them. An
-- order/design "fact" is what one row contributes (sign +1 added, -1 taken back); a change
-- takes back the old fact and adds the new one, so unchanged rows net to nothing.
CREATE TYPE insight_order_fact AS (
  sign integer, tenant_id uuid, product_id uuid, version_id uuid, customer_id uuid, status text,
  created_at timestamptz, choices jsonb, total bigint, promised_date date, delivered_at timestamptz
);
--> statement-breakpoint
CREATE TYPE insight_design_fact AS (
  sign integer, tenant_id uuid, product_id uuid, version_id uuid, customer_id uuid,
  created_at timestamptz, choices jsonb
);
--> statement-breakpoint
-- The first day of the day, week (Monday) or month `day` is in.
CREATE FUNCTION insight_grain_start(grain text, day date) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE grain WHEN 'w' THEN date_trunc('week', day::timestamp)::date
    WHEN 'm' THEN date_trunc('month', day::timestamp)::date ELSE day END
$$;
--> statement-breakpoint
-- Adds the facts of orders to the roll-ups (only counted orders: not cancelled, not a guest's
-- unconfirmed hold). Rows are upserted sorted by key, so concurrent writers lock them in the
-- same order. `part`: 'demand' only the demand by option (a customer changing segment), 'lead'
-- only the lead times (a delivery), null all.
CREATE FUNCTION insight_apply_orders(facts insight_order_fact[], part text DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(facts), 0) = 0 THEN RETURN; END IF;
  IF part IS NULL OR part = 'demand' THEN
  WITH x AS (
    SELECT f.*, (f.created_at AT TIME ZONE coalesce(t.settings->>'timezone', 'UTC'))::date AS day,
      coalesce(s.segment, 'unsegmented') AS segment
    FROM unnest(facts) f
    JOIN tenants t ON t.id = f.tenant_id
    LEFT JOIN insight_customer_segments s
      ON s.tenant_id = f.tenant_id AND s.customer_id = f.customer_id
    WHERE f.status NOT IN ('cancelled', 'pending_confirmation'))
  INSERT INTO option_demand_rollup AS d
    (tenant_id, product_id, grain, day, source, segment, version_id, feature, value, n, total)
  SELECT x.tenant_id, x.product_id, g.grain, insight_grain_start(g.grain, x.day), 1, x.segment,
    x.version_id, c.key, c.value,
    sum(x.sign)::integer, sum(CASE WHEN c.key = '' THEN x.sign * x.total ELSE 0 END)::bigint
  FROM x
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) g(grain)
  CROSS JOIN LATERAL (
    SELECT '' AS key, 'null'::jsonb AS value
    UNION ALL SELECT e.key, e.value FROM jsonb_each(x.choices) e) c
  GROUP BY 1, 2, 3, 4, 6, 7, 8, 9
  HAVING sum(x.sign) <> 0 OR sum(CASE WHEN c.key = '' THEN x.sign * x.total ELSE 0 END) <> 0
  ORDER BY 1, 2, 3, 4, 6, 7, 8, 9
  ON CONFLICT (tenant_id, product_id, grain, day, source, segment, version_id, feature, value)
  DO UPDATE SET n = d.n + excluded.n, total = d.total + excluded.total;
  END IF;
  IF part = 'demand' THEN RETURN; END IF;
  IF part IS NULL THEN

  WITH x AS (
    SELECT f.sign, f.tenant_id, f.product_id, md5(f.choices::text)::uuid AS config,
      (f.created_at AT TIME ZONE coalesce(t.settings->>'timezone', 'UTC'))::date AS day
    FROM unnest(facts) f
    JOIN tenants t ON t.id = f.tenant_id
    WHERE f.status NOT IN ('cancelled', 'pending_confirmation'))
  INSERT INTO order_config_rollup AS d (tenant_id, product_id, grain, day, config, n)
  SELECT x.tenant_id, x.product_id, g.grain, insight_grain_start(g.grain, x.day), x.config,
    sum(x.sign)::integer
  FROM x CROSS JOIN (VALUES ('d'), ('m')) g(grain)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(x.sign) <> 0
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (tenant_id, product_id, grain, day, config) DO UPDATE SET n = d.n + excluded.n;
  END IF;

  INSERT INTO order_lead_daily AS d
    (tenant_id, product_id, day, lead_known, lead, delivered, on_time, n)
  SELECT x.tenant_id, x.product_id, x.placed,
    coalesce(x.delivered_on, x.promised_date) IS NOT NULL,
    coalesce(coalesce(x.delivered_on, x.promised_date) - x.placed, 0),
    x.delivered_on IS NOT NULL, coalesce(x.delivered_on <= x.promised_date, false),
    sum(x.sign)::integer
  FROM (
    SELECT f.sign, f.tenant_id, f.product_id, f.promised_date,
      (f.created_at AT TIME ZONE coalesce(t.settings->>'timezone', 'UTC'))::date AS placed,
      (f.delivered_at AT TIME ZONE coalesce(t.settings->>'timezone', 'UTC'))::date AS delivered_on
    FROM unnest(facts) f
    JOIN tenants t ON t.id = f.tenant_id
    WHERE f.status NOT IN ('cancelled', 'pending_confirmation')) x
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(x.sign) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (tenant_id, product_id, day, lead_known, lead, delivered, on_time)
  DO UPDATE SET n = d.n + excluded.n;
END $$;
--> statement-breakpoint
-- Adds the facts of saved designs (each design's current version) to the demand by option.
CREATE FUNCTION insight_apply_designs(facts insight_design_fact[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(cardinality(facts), 0) = 0 THEN RETURN; END IF;
  WITH x AS (
    SELECT f.*, (f.created_at AT TIME ZONE coalesce(t.settings->>'timezone', 'UTC'))::date AS day,
      coalesce(s.segment, 'unsegmented') AS segment
    FROM unnest(facts) f
    JOIN tenants t ON t.id = f.tenant_id
    LEFT JOIN insight_customer_segments s
      ON s.tenant_id = f.tenant_id AND s.customer_id = f.customer_id)
  INSERT INTO option_demand_rollup AS d
    (tenant_id, product_id, grain, day, source, segment, version_id, feature, value, n, total)
  SELECT x.tenant_id, x.product_id, g.grain, insight_grain_start(g.grain, x.day), 0, x.segment,
    x.version_id, c.key, c.value, sum(x.sign)::integer, 0
  FROM x
  CROSS JOIN (VALUES ('d'), ('w'), ('m')) g(grain)
  CROSS JOIN LATERAL (
    SELECT '' AS key, 'null'::jsonb AS value
    UNION ALL SELECT e.key, e.value FROM jsonb_each(x.choices) e) c
  GROUP BY 1, 2, 3, 4, 6, 7, 8, 9
  HAVING sum(x.sign) <> 0
  ORDER BY 1, 2, 3, 4, 6, 7, 8, 9
  ON CONFLICT (tenant_id, product_id, grain, day, source, segment, version_id, feature, value)
  DO UPDATE SET n = d.n + excluded.n;
END $$;
--> statement-breakpoint
-- When the order was first delivered (null while it is not).
CREATE FUNCTION insight_delivered_at(tenant uuid, order_id uuid) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT min(e.at) FROM order_events e
  WHERE e.tenant_id = tenant AND e.order_id = insight_delivered_at.order_id
    AND e.to_status = 'delivered'
$$;
--> statement-breakpoint
CREATE FUNCTION insight_orders_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply_orders(array(
    SELECT row(1, n.tenant_id, n.product_id, n.product_version_id, n.customer_id, n.status,
      n.created_at, n.choices, n.total, n.promised_date, null)::insight_order_fact
    FROM new_rows n WHERE n.status NOT IN ('cancelled', 'pending_confirmation')));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_orders_inserted AFTER INSERT ON orders
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insight_orders_inserted();
--> statement-breakpoint
-- A change of the promised date alone (a re-plan moving thousands of orders) touches only the
-- lead times; the demand by option and the configurations are left alone (they would net to zero).
-- A change of the promised date alone (a re-plan moving thousands of orders) touches only the
-- lead times: the demand by option and the configurations would net to zero.
CREATE FUNCTION insight_orders_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  whole boolean;
BEGIN
  FOREACH whole IN ARRAY ARRAY[true, false] LOOP
    PERFORM insight_apply_orders(array(
      WITH changed AS (
        SELECT o AS was, n AS now FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE CASE WHEN whole
          THEN (o.tenant_id, o.product_id, o.product_version_id, o.customer_id, o.status,
                o.created_at, o.choices, o.total)
            IS DISTINCT FROM (n.tenant_id, n.product_id, n.product_version_id, n.customer_id,
                n.status, n.created_at, n.choices, n.total)
          ELSE (o.tenant_id, o.product_id, o.product_version_id, o.customer_id, o.status,
                o.created_at, o.choices, o.total)
            IS NOT DISTINCT FROM (n.tenant_id, n.product_id, n.product_version_id, n.customer_id,
                n.status, n.created_at, n.choices, n.total)
            AND o.promised_date IS DISTINCT FROM n.promised_date END)
      SELECT row(-1, (c.was).tenant_id, (c.was).product_id, (c.was).product_version_id,
        (c.was).customer_id, (c.was).status, (c.was).created_at, (c.was).choices, (c.was).total,
        (c.was).promised_date, insight_delivered_at((c.was).tenant_id, (c.was).id))::insight_order_fact
      FROM changed c
      UNION ALL
      SELECT row(1, (c.now).tenant_id, (c.now).product_id, (c.now).product_version_id,
        (c.now).customer_id, (c.now).status, (c.now).created_at, (c.now).choices, (c.now).total,
        (c.now).promised_date, insight_delivered_at((c.now).tenant_id, (c.now).id))::insight_order_fact
      FROM changed c),
      CASE WHEN whole THEN NULL ELSE 'lead' END);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_orders_updated AFTER UPDATE ON orders
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION insight_orders_updated();
--> statement-breakpoint
-- Before the delete: the order's events (its delivery) are still there.
CREATE FUNCTION insight_order_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply_orders(ARRAY[row(-1, OLD.tenant_id, OLD.product_id,
    OLD.product_version_id, OLD.customer_id, OLD.status, OLD.created_at, OLD.choices, OLD.total,
    OLD.promised_date, insight_delivered_at(OLD.tenant_id, OLD.id))::insight_order_fact]);
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_order_deleted BEFORE DELETE ON orders
FOR EACH ROW EXECUTE FUNCTION insight_order_deleted();
--> statement-breakpoint
-- A delivery event may change when an order was first delivered (lead time, promise kept).
CREATE FUNCTION insight_order_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows WHERE to_status = 'delivered') THEN RETURN NULL; END IF;
  PERFORM insight_apply_orders(array(
    WITH touched AS (
      SELECT DISTINCT tenant_id, order_id FROM new_rows WHERE to_status = 'delivered'),
    earlier AS (
      SELECT e.tenant_id, e.order_id, min(e.at) AS at
      FROM order_events e JOIN touched t ON t.tenant_id = e.tenant_id AND t.order_id = e.order_id
      WHERE e.to_status = 'delivered' AND e.id NOT IN (SELECT id FROM new_rows)
      GROUP BY 1, 2),
    latest AS (
      SELECT e.tenant_id, e.order_id, min(e.at) AS at
      FROM order_events e JOIN touched t ON t.tenant_id = e.tenant_id AND t.order_id = e.order_id
      WHERE e.to_status = 'delivered'
      GROUP BY 1, 2),
    w AS (
      SELECT o.*, b.at AS before_at, a.at AS after_at
      FROM latest a
      JOIN orders o ON o.tenant_id = a.tenant_id AND o.id = a.order_id
      LEFT JOIN earlier b ON b.tenant_id = a.tenant_id AND b.order_id = a.order_id
      WHERE b.at IS DISTINCT FROM a.at)
    SELECT row(-1, w.tenant_id, w.product_id, w.product_version_id, w.customer_id, w.status,
      w.created_at, w.choices, w.total, w.promised_date, w.before_at)::insight_order_fact FROM w
    UNION ALL
    SELECT row(1, w.tenant_id, w.product_id, w.product_version_id, w.customer_id, w.status,
      w.created_at, w.choices, w.total, w.promised_date, w.after_at)::insight_order_fact FROM w),
    'lead');
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_order_events_inserted AFTER INSERT ON order_events
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION insight_order_events_inserted();
--> statement-breakpoint
-- Designs count through their current version: a new version counts once the design points at
-- it (the version row is written first, then the design's current_version), a design whose
-- current version is written after it counts when that version arrives.
CREATE FUNCTION insight_design_versions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply_designs(array(
    SELECT row(1, d.tenant_id, d.product_id, v.product_version_id, d.customer_id, v.created_at,
      v.choices)::insight_design_fact
    FROM new_rows v
    JOIN designs d ON d.tenant_id = v.tenant_id AND d.id = v.design_id
      AND d.current_version = v.number));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_design_versions_inserted AFTER INSERT ON design_versions
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION insight_design_versions_inserted();
--> statement-breakpoint
CREATE FUNCTION insight_design_version_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply_designs(array(
    SELECT row(-1, d.tenant_id, d.product_id, OLD.product_version_id, d.customer_id,
      OLD.created_at, OLD.choices)::insight_design_fact
    FROM designs d
    WHERE d.tenant_id = OLD.tenant_id AND d.id = OLD.design_id
      AND d.current_version = OLD.number));
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_design_version_deleted BEFORE DELETE ON design_versions
FOR EACH ROW EXECUTE FUNCTION insight_design_version_deleted();
--> statement-breakpoint
CREATE FUNCTION insight_designs_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply_designs(array(
    WITH changed AS (
      SELECT o AS was, n AS now FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.tenant_id, o.product_id, o.customer_id, o.current_version)
        IS DISTINCT FROM (n.tenant_id, n.product_id, n.customer_id, n.current_version))
    SELECT row(-1, (c.was).tenant_id, (c.was).product_id, v.product_version_id,
      (c.was).customer_id, v.created_at, v.choices)::insight_design_fact
    FROM changed c JOIN design_versions v ON v.tenant_id = (c.was).tenant_id
      AND v.design_id = (c.was).id AND v.number = (c.was).current_version
    UNION ALL
    SELECT row(1, (c.now).tenant_id, (c.now).product_id, v.product_version_id,
      (c.now).customer_id, v.created_at, v.choices)::insight_design_fact
    FROM changed c JOIN design_versions v ON v.tenant_id = (c.now).tenant_id
      AND v.design_id = (c.now).id AND v.number = (c.now).current_version));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_designs_updated AFTER UPDATE ON designs
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION insight_designs_updated();
--> statement-breakpoint
-- Before the delete: the design's versions (removed with it) are still there.
CREATE FUNCTION insight_design_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply_designs(array(
    SELECT row(-1, OLD.tenant_id, OLD.product_id, v.product_version_id, OLD.customer_id,
      v.created_at, v.choices)::insight_design_fact
    FROM design_versions v
    WHERE v.tenant_id = OLD.tenant_id AND v.design_id = OLD.id
      AND v.number = OLD.current_version));
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_design_deleted BEFORE DELETE ON designs
FOR EACH ROW EXECUTE FUNCTION insight_design_deleted();
--> statement-breakpoint
-- A customer's orders and designs, as facts with `sign`.
CREATE FUNCTION insight_apply_customers(tenant uuid, customers uuid[], sign integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_apply_orders(array(
    SELECT row(sign, o.tenant_id, o.product_id, o.product_version_id, o.customer_id, o.status,
      o.created_at, o.choices, o.total, o.promised_date, null)::insight_order_fact
    FROM orders o
    WHERE o.tenant_id = tenant AND o.customer_id = ANY(customers)
      AND o.status NOT IN ('cancelled', 'pending_confirmation')), 'demand');
  PERFORM insight_apply_designs(array(
    SELECT row(sign, d.tenant_id, d.product_id, v.product_version_id, d.customer_id,
      v.created_at, v.choices)::insight_design_fact
    FROM designs d
    JOIN design_versions v ON v.tenant_id = d.tenant_id AND v.design_id = d.id
      AND v.number = d.current_version
    WHERE d.tenant_id = tenant AND d.customer_id = ANY(customers)));
END $$;
--> statement-breakpoint
-- Brings the customers' segment (insight_customer_segments) to what consent and customer value
-- say now, moving the demand of each customer whose segment changes: the one consent check
-- of privacy/consent.ts (the latest personalization record is a `given`), set-based.
CREATE FUNCTION insight_resync_customers(tenant uuid, customers uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  moved uuid[];
  segments text[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM tenants WHERE id = tenant) THEN RETURN; END IF;
  SELECT array_agg(w.id), array_agg(w.segment) INTO moved, segments
  FROM (
    SELECT c.id,
      CASE WHEN (SELECT r.action FROM consent_records r
                 WHERE r.tenant_id = tenant AND r.customer_id = c.id
                   AND r.purpose = 'personalization'
                 ORDER BY r.at DESC, r.id DESC LIMIT 1) = 'given'
        THEN coalesce((SELECT cv.segment FROM customer_values cv
                       WHERE cv.tenant_id = tenant AND cv.customer_id = c.id), 'unsegmented')
        ELSE 'unsegmented' END AS segment
    FROM (SELECT DISTINCT x AS id FROM unnest(customers) x WHERE x IS NOT NULL) c) w
  LEFT JOIN insight_customer_segments s ON s.tenant_id = tenant AND s.customer_id = w.id
  WHERE coalesce(s.segment, 'unsegmented') <> w.segment;
  IF moved IS NULL THEN RETURN; END IF;
  PERFORM insight_apply_customers(tenant, moved, -1);
  DELETE FROM insight_customer_segments WHERE tenant_id = tenant AND customer_id = ANY(moved);
  INSERT INTO insight_customer_segments (tenant_id, customer_id, segment)
  SELECT tenant, m.id, m.segment FROM unnest(moved, segments) AS m(id, segment)
  WHERE m.segment <> 'unsegmented';
  PERFORM insight_apply_customers(tenant, moved, 1);
END $$;
--> statement-breakpoint
CREATE FUNCTION insight_customers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.tenant_id, array_agg(DISTINCT c.customer_id) AS customers
    FROM changed_rows c
    WHERE c.customer_id IS NOT NULL
      AND (TG_TABLE_NAME <> 'consent_records' OR to_jsonb(c)->>'purpose' = 'personalization')
    GROUP BY c.tenant_id
  LOOP
    PERFORM insight_resync_customers(r.tenant_id, r.customers);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_consents_inserted AFTER INSERT ON consent_records
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION insight_customers_changed();
--> statement-breakpoint
CREATE TRIGGER insight_consents_deleted AFTER DELETE ON consent_records
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION insight_customers_changed();
--> statement-breakpoint
CREATE TRIGGER insight_customer_values_inserted AFTER INSERT ON customer_values
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION insight_customers_changed();
--> statement-breakpoint
CREATE TRIGGER insight_customer_values_updated AFTER UPDATE ON customer_values
REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION insight_customers_changed();
--> statement-breakpoint
CREATE TRIGGER insight_customer_values_deleted AFTER DELETE ON customer_values
REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION insight_customers_changed();
--> statement-breakpoint
-- Recomputes a firm's roll-ups from the raw rows (idempotent): after a change of its time zone,
-- in the migration for what exists, and in the test that compares both.
CREATE FUNCTION insight_rebuild(tenant uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM option_demand_rollup WHERE tenant_id = tenant;
  DELETE FROM order_config_rollup WHERE tenant_id = tenant;
  DELETE FROM order_lead_daily WHERE tenant_id = tenant;
  DELETE FROM insight_customer_segments WHERE tenant_id = tenant;
  INSERT INTO insight_customer_segments (tenant_id, customer_id, segment)
  SELECT tenant, l.customer_id, cv.segment
  FROM (
    SELECT DISTINCT ON (r.customer_id) r.customer_id, r.action
    FROM consent_records r
    WHERE r.tenant_id = tenant AND r.purpose = 'personalization' AND r.customer_id IS NOT NULL
    ORDER BY r.customer_id, r.at DESC, r.id DESC) l
  JOIN customer_values cv ON cv.tenant_id = tenant AND cv.customer_id = l.customer_id
  WHERE l.action = 'given' AND coalesce(cv.segment, 'unsegmented') <> 'unsegmented';
  PERFORM insight_apply_orders(array(
    SELECT row(1, o.tenant_id, o.product_id, o.product_version_id, o.customer_id, o.status,
      o.created_at, o.choices, o.total, o.promised_date, d.at)::insight_order_fact
    FROM orders o
    LEFT JOIN (
      SELECT e.order_id, min(e.at) AS at FROM order_events e
      WHERE e.tenant_id = tenant AND e.to_status = 'delivered' GROUP BY 1) d ON d.order_id = o.id
    WHERE o.tenant_id = tenant AND o.status NOT IN ('cancelled', 'pending_confirmation')));
  PERFORM insight_apply_designs(array(
    SELECT row(1, d.tenant_id, d.product_id, v.product_version_id, d.customer_id, v.created_at,
      v.choices)::insight_design_fact
    FROM designs d
    JOIN design_versions v ON v.tenant_id = d.tenant_id AND v.design_id = d.id
      AND v.number = d.current_version
    WHERE d.tenant_id = tenant));
END $$;
--> statement-breakpoint
CREATE FUNCTION insight_tenant_timezone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM insight_rebuild(NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER insight_tenant_timezone_changed AFTER UPDATE ON tenants
FOR EACH ROW
WHEN (OLD.settings->>'timezone' IS DISTINCT FROM NEW.settings->>'timezone')
EXECUTE FUNCTION insight_tenant_timezone_changed();
--> statement-breakpoint
SELECT insight_rebuild(id) FROM tenants;
