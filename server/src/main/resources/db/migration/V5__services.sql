-- 一件事服务 — a province's composition (a draft definition) and its immutable releases.
CREATE TABLE service (
  region         text NOT NULL REFERENCES tenant (id),
  slug           text NOT NULL CHECK (slug ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
  title          text NOT NULL CHECK (length(title) BETWEEN 2 AND 120),
  definition     jsonb NOT NULL,
  from_package   text,
  active_release integer,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region, slug)
);

CREATE TABLE service_release (
  region       text NOT NULL,
  slug         text NOT NULL,
  number       integer NOT NULL CHECK (number > 0),
  content      jsonb NOT NULL,
  content_hash text NOT NULL,
  published_by text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region, slug, number),
  FOREIGN KEY (region, slug) REFERENCES service (region, slug)
);
