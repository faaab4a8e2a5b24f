-- 工作区 — what each province (or city) has installed from the catalogue: the starting point of
-- its compositions, and the catalogue's measure of usage (how many provinces use a template).

CREATE TABLE workspace_item (
  region       text NOT NULL REFERENCES tenant (id),
  publisher    text NOT NULL,
  slug         text NOT NULL,
  version      text NOT NULL,
  installed_by text NOT NULL,
  installed_at timestamptz NOT NULL DEFAULT now(),
  via_package  text,
  PRIMARY KEY (region, publisher, slug),
  FOREIGN KEY (publisher, slug, version) REFERENCES template_version (publisher, slug, version)
);

CREATE INDEX workspace_item_template ON workspace_item (publisher, slug);
