-- Template families, the locale fallback, and version 2 of the default strategy.
--
-- A message template belongs to a family (e.g. pre-due-reminder-sms): one template per locale.
-- A strategy action names a family (or, as before, an exact template id); an automated send picks
-- the member in the debtor's language whose latest approved version is on the action's channel.
-- Existing templates join the family their id names without its locale suffix (-zh for zh-CN,
-- -en for en: pre-due-reminder-sms-zh -> pre-due-reminder-sms) unless another template of that
-- locale holds it already; any other template is a family of its own, named by its id. Template
-- ids are unchanged, so actions and strategies naming an exact id keep working. A family's
-- templates share one channel (the message library checks it when a template is written).
ALTER TABLE message_templates ADD COLUMN family text;
UPDATE message_templates SET family = template_id;
UPDATE message_templates t SET family = s.stripped
FROM (
  SELECT template_id, locale, stripped,
    row_number() OVER (PARTITION BY stripped, locale ORDER BY template_id) AS n
  FROM (
    SELECT template_id, locale, left(template_id, length(template_id) - 3) AS stripped
    FROM message_templates
    WHERE (locale = 'zh-CN' AND template_id ~ '.-zh$') OR (locale = 'en' AND template_id ~ '.-en$')
  ) c
) s
WHERE t.template_id = s.template_id AND s.n = 1
  AND NOT EXISTS (SELECT 1 FROM message_templates o
    WHERE o.template_id = s.stripped AND o.locale = s.locale);
ALTER TABLE message_templates ALTER COLUMN family SET NOT NULL;
-- A template written without a family (by SQL that predates families) joins the same default.
CREATE FUNCTION message_templates_family_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.family IS NULL THEN
    NEW.family := CASE
      WHEN (NEW.locale = 'zh-CN' AND NEW.template_id ~ '.-zh$')
        OR (NEW.locale = 'en' AND NEW.template_id ~ '.-en$')
      THEN left(NEW.template_id, length(NEW.template_id) - 3)
      ELSE NEW.template_id END;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER message_templates_family_default BEFORE INSERT ON message_templates
  FOR EACH ROW EXECUTE FUNCTION message_templates_family_default();
ALTER TABLE message_templates ADD CONSTRAINT message_templates_family_format
  CHECK (family ~ '^[a-z0-9][a-z0-9-]{0,79}$');
ALTER TABLE message_templates ADD CONSTRAINT message_templates_family_locale
  UNIQUE (family, locale);

-- The language an automated message falls back to when the debtor's own has no approved member
-- of the family: the bank's explicit choice, per portfolio or bank-wide (portfolio_id NULL). With
-- none configured, such an action is closed (no_approved_template_for_locale): a debtor is never
-- sent a language they may not read unless the bank chose so.
CREATE TABLE message_locale_fallbacks (
  portfolio_id bigint,
  locale text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
  set_by text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX message_locale_fallbacks_scope
  ON message_locale_fallbacks ((coalesce(portfolio_id, 0)));

-- Version 2 of the default strategy names the template family of each message it sends (pre-due
-- reminder SMS, overdue reminder SMS, overdue notice letter); otherwise it is version 1
-- (src/modules/strategy/domain/default-strategy.ts holds both; a test checks them). It is added
-- as the next version; when version 1 is still the active one (the bank has not replaced it), it
-- is retired and the new version activated (the trigger of 0005 allows active -> retired and
-- draft -> active, and nothing else). A bank that activated its own version keeps it: the new one
-- waits as a draft.
INSERT INTO strategy_versions (strategy_id, version, status, definition)
SELECT 'default', coalesce(max(version), 0) + 1, 'draft', '{
  "name": "Default collections",
  "rules": [
    {
      "id": "early.m1",
      "when": {
        "buckets": [
          "M1"
        ]
      },
      "treatment": {
        "actions": [
          {
            "channel": "sms",
            "unit": "phone",
            "waitDays": 0,
            "template": "overdue-reminder-sms"
          },
          {
            "channel": "call",
            "unit": "phone",
            "waitDays": 2
          },
          {
            "channel": "call",
            "unit": "phone",
            "waitDays": 5
          }
        ]
      }
    },
    {
      "id": "mid.m2_m3",
      "when": {
        "buckets": [
          "M2",
          "M3"
        ]
      },
      "treatment": {
        "actions": [
          {
            "channel": "call",
            "unit": "phone",
            "waitDays": 0
          },
          {
            "channel": "letter",
            "unit": "phone",
            "waitDays": 3,
            "template": "overdue-notice-letter"
          },
          {
            "channel": "call",
            "unit": "phone",
            "waitDays": 7
          }
        ]
      }
    },
    {
      "id": "late.m4_plus",
      "when": {
        "buckets": [
          "M4",
          "M5",
          "M6",
          "M7+"
        ]
      },
      "treatment": {
        "actions": [
          {
            "channel": "field_visit",
            "unit": "field",
            "waitDays": 0
          },
          {
            "channel": "legal_review",
            "unit": "legal",
            "waitDays": 7
          }
        ]
      }
    }
  ],
  "escalations": [
    {
      "id": "unanswered_calls_field_visit",
      "kind": "unanswered_calls",
      "count": 3,
      "action": {
        "channel": "field_visit",
        "unit": "field",
        "waitDays": 0
      }
    },
    {
      "id": "promise_broken_next_step",
      "kind": "promise_broken",
      "effect": "next_step"
    },
    {
      "id": "dpd_over_90_legal_review",
      "kind": "dpd_crossing",
      "dpd": 90,
      "segment": "red",
      "action": {
        "channel": "legal_review",
        "unit": "legal",
        "waitDays": 0
      }
    }
  ],
  "preDue": {
    "graceDays": 3,
    "reminders": [
      {
        "daysBefore": 30,
        "channel": "sms",
        "unit": "phone",
        "template": "pre-due-reminder-sms"
      },
      {
        "daysBefore": 15,
        "channel": "sms",
        "unit": "phone",
        "template": "pre-due-reminder-sms"
      },
      {
        "daysBefore": 7,
        "channel": "call",
        "unit": "phone"
      }
    ],
    "cashFlowCheck": {
      "daysBefore": 15,
      "products": [
        "sme_loan"
      ],
      "unit": "analysts"
    },
    "faceToFace": {
      "daysBefore": 7,
      "threshold": {
        "currency": "CNY",
        "minor": "350000000"
      },
      "unit": "field"
    }
  }
}'::jsonb
FROM strategy_versions WHERE strategy_id = 'default';

UPDATE strategy_versions SET status = 'retired', retired_at = now()
WHERE strategy_id = 'default' AND version = 1 AND status = 'active';

UPDATE strategy_versions SET status = 'active', activated_at = now()
WHERE strategy_id = 'default' AND status = 'draft'
  AND version = (SELECT max(version) FROM strategy_versions WHERE strategy_id = 'default')
  AND NOT EXISTS (SELECT 1 FROM strategy_versions
    WHERE strategy_id = 'default' AND status = 'active');

-- Champion/challenger splits naming default@1 keep naming an active version: from today on they
-- name the new version instead (same experiment, so no account changes arm). Splits of past
-- dates are history and stay as they were; a portfolio whose split in force today names
-- default@1 gets the same split, renamed, effective today.
CREATE TEMP TABLE default_v2_splits ON COMMIT DROP AS
SELECT s.portfolio_id, s.effective_from, jsonb_build_object(
    'experiment', s.split -> 'experiment',
    'champion', CASE WHEN s.split -> 'champion' = '{"id": "default", "version": 1}'::jsonb
      THEN jsonb_build_object('id', 'default', 'version', v.version)
      ELSE s.split -> 'champion' END,
    'challengers', coalesce((
      SELECT jsonb_agg(CASE WHEN c -> 'strategy' = '{"id": "default", "version": 1}'::jsonb
          THEN jsonb_set(c, '{strategy}', jsonb_build_object('id', 'default', 'version', v.version))
          ELSE c END ORDER BY e.n)
      FROM jsonb_array_elements(s.split -> 'challengers') WITH ORDINALITY AS e (c, n)), '[]'::jsonb)
  ) AS split
FROM strategy_splits s
CROSS JOIN (SELECT version FROM strategy_versions
  WHERE strategy_id = 'default' AND status = 'active') v
WHERE EXISTS (SELECT 1 FROM strategy_versions
    WHERE strategy_id = 'default' AND version = 1 AND status = 'retired')
  AND (s.split -> 'champion' = '{"id": "default", "version": 1}'::jsonb
    OR s.split -> 'challengers' @> '[{"strategy": {"id": "default", "version": 1}}]'::jsonb)
  AND (s.effective_from >= current_date OR s.effective_from = (
    SELECT max(p.effective_from) FROM strategy_splits p
    WHERE p.portfolio_id = s.portfolio_id AND p.effective_from <= current_date));

UPDATE strategy_splits s SET split = d.split, created_at = now()
FROM default_v2_splits d
WHERE s.portfolio_id = d.portfolio_id AND s.effective_from = d.effective_from
  AND d.effective_from >= current_date;

INSERT INTO strategy_splits (portfolio_id, effective_from, split)
SELECT portfolio_id, current_date, split FROM default_v2_splits
WHERE effective_from < current_date;
