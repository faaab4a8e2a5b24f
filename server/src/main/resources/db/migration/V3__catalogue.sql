-- 标准模板目录 (the catalogue of standard templates).
-- A template is publisher/slug; each version is a row. A draft may change; a published version
-- never does (the API refuses, and the trigger below refuses what the API might miss).

CREATE TABLE template (
  publisher  text NOT NULL REFERENCES tenant (id),
  slug       text NOT NULL CHECK (slug ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
  kind       text NOT NULL CHECK (kind IN ('element', 'matter', 'binding', 'package')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (publisher, slug)
);

CREATE TABLE template_version (
  publisher        text NOT NULL,
  slug             text NOT NULL,
  version          text NOT NULL CHECK (version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$'),
  major            integer NOT NULL,
  minor            integer NOT NULL,
  patch            integer NOT NULL,
  status           text NOT NULL CHECK (status IN ('draft', 'published')),
  title            text NOT NULL,
  content          jsonb NOT NULL,
  content_hash     text NOT NULL,
  source           text NOT NULL,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  published_by     text,
  published_at     timestamptz,
  deprecated       boolean NOT NULL DEFAULT false,
  deprecated_by    text,
  deprecated_at    timestamptz,
  deprecation_note text,
  PRIMARY KEY (publisher, slug, version),
  FOREIGN KEY (publisher, slug) REFERENCES template (publisher, slug),
  CHECK (status = 'published' OR NOT deprecated),
  CHECK (status = 'draft' OR (published_at IS NOT NULL AND published_by IS NOT NULL))
);

CREATE INDEX template_version_published ON template_version (publisher, slug, major DESC, minor DESC, patch DESC)
  WHERE status = 'published';

CREATE FUNCTION template_version_immutable() RETURNS trigger AS $$
BEGIN
  IF OLD.status = 'published' AND (
       NEW.content IS DISTINCT FROM OLD.content OR NEW.status <> 'published'
       OR NEW.version <> OLD.version OR NEW.publisher <> OLD.publisher OR NEW.slug <> OLD.slug) THEN
    RAISE EXCEPTION 'published template version %/%@% is immutable', OLD.publisher, OLD.slug, OLD.version
      USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' AND OLD.status = 'published' THEN
    RAISE EXCEPTION 'published template version %/%@% cannot be deleted', OLD.publisher, OLD.slug, OLD.version
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER template_version_immutable
  BEFORE UPDATE OR DELETE ON template_version
  FOR EACH ROW EXECUTE FUNCTION template_version_immutable();
