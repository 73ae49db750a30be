-- Rollcall schema, version 1: the whole domain.
-- Every row below a class reaches it through cascading foreign keys, so deleting a class
-- removes everything under it and nothing else. Composite keys (id, class_id) make it
-- impossible to attach a student of one class to a session or a face of another.

create extension if not exists vector;

create table classes (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 120),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index classes_name_key on classes (lower(name));

create table students (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references classes (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 120),
  is_auto_created boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, class_id)
);
create unique index students_class_name_key on students (class_id, lower(name));

create table sessions (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references classes (id) on delete cascade,
  starts_at timestamptz not null,
  title text not null default '' check (length(title) <= 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, class_id)
);
create index sessions_class_starts_idx on sessions (class_id, starts_at);

-- The photo bytes live in IndexedDB (see src/core/photo-store.ts), keyed by this id.
create table session_images (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null,
  class_id uuid not null,
  file_name text not null,
  mime_type text not null default '',
  byte_size integer not null check (byte_size >= 0),
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  width integer check (width > 0),
  height integer check (height > 0),
  status text not null default 'pending'
    check (status in ('pending', 'processing', 'done', 'failed')),
  failure_count integer not null default 0 check (failure_count >= 0),
  last_error text,
  processed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (session_id, class_id) references sessions (id, class_id) on delete cascade,
  unique (session_id, content_hash),
  unique (id, class_id)
);
create index session_images_status_idx on session_images (status) where status <> 'done';

create table face_crops (
  id uuid primary key default gen_random_uuid(),
  image_id uuid not null,
  class_id uuid not null,
  -- box in pixels of the upright (EXIF-rotated) photo
  box_x real not null,
  box_y real not null,
  box_w real not null check (box_w > 0),
  box_h real not null check (box_h > 0),
  -- flat [x0, y0, x1, y1, ...] in photo pixels
  landmarks real[] not null default '{}',
  detection_score real not null check (detection_score between 0 and 1),
  -- size, blur, pose and an overall score; see the face pipeline
  quality jsonb not null default '{}',
  thumbnail bytea,
  student_id uuid,
  assignment_status text not null default 'unassigned'
    check (assignment_status in ('unassigned', 'auto', 'confirmed', 'rejected')),
  confidence real check (confidence between 0 and 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (image_id, class_id) references session_images (id, class_id) on delete cascade,
  foreign key (student_id, class_id) references students (id, class_id) on delete set null (student_id),
  -- a face with a student is 'auto' or 'confirmed'; one without is 'unassigned' or 'rejected'
  check ((student_id is null) = (assignment_status in ('unassigned', 'rejected'))),
  unique (id, class_id)
);
create index face_crops_image_idx on face_crops (image_id);
create index face_crops_student_idx on face_crops (student_id) where student_id is not null;
create index face_crops_class_idx on face_crops (class_id, assignment_status);

-- When a student is deleted their faces go back to the review queue. This runs inside the
-- foreign key's SET NULL, so the check above never sees a half-updated row.
create function face_crops_unassign_orphans() returns trigger language plpgsql as $$
begin
  if new.student_id is null and new.assignment_status in ('auto', 'confirmed') then
    new.assignment_status := 'unassigned';
    new.confidence := null;
  end if;
  return new;
end $$;
create trigger face_crops_unassign_orphans before update on face_crops
  for each row execute function face_crops_unassign_orphans();

-- Pairings the teacher rejected ("this face is not that student"); never proposed again.
create table crop_rejections (
  crop_id uuid not null,
  student_id uuid not null,
  class_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (crop_id, student_id),
  foreign key (crop_id, class_id) references face_crops (id, class_id) on delete cascade,
  foreign key (student_id, class_id) references students (id, class_id) on delete cascade
);

-- One row per (crop, model). Rows of different models are never compared: every query filters
-- on model_id, and vectors of one model share one dimension.
create table embeddings (
  id uuid primary key default gen_random_uuid(),
  crop_id uuid not null references face_crops (id) on delete cascade,
  model_id text not null,
  model_version text not null,
  dimension integer not null check (dimension > 0),
  vector vector not null check (vector_dims(vector) = dimension),
  created_at timestamptz not null default now(),
  unique (crop_id, model_id)
);
create index embeddings_model_idx on embeddings (model_id, model_version);

create table attendance (
  session_id uuid not null,
  student_id uuid not null,
  class_id uuid not null,
  status text not null check (status in ('present', 'absent', 'uncertain')),
  source text not null check (source in ('auto', 'manual')),
  evidence_crop_id uuid,
  updated_at timestamptz not null default now(),
  primary key (session_id, student_id),
  foreign key (evidence_crop_id, class_id) references face_crops (id, class_id)
    on delete set null (evidence_crop_id),
  foreign key (session_id, class_id) references sessions (id, class_id) on delete cascade,
  foreign key (student_id, class_id) references students (id, class_id) on delete cascade
);

-- Every manual change: what, the value before and after, when. Entries of a class go with it;
-- the deletion of a class itself is kept with class_id null.
create table audit_log (
  id bigint generated always as identity primary key,
  class_id uuid references classes (id) on delete cascade,
  entity text not null
    check (entity in ('class', 'student', 'session', 'image', 'face_crop', 'attendance')),
  entity_id text not null,
  action text not null,
  old_value jsonb,
  new_value jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_class_idx on audit_log (class_id, id desc);

-- Any committed write tells listeners which table changed (see src/core/change-feed.ts).
create function notify_table_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('table_changed', tg_table_name);
  return null;
end $$;

do $$
declare t text;
begin
  foreach t in array array['classes', 'students', 'sessions', 'session_images', 'face_crops',
                           'crop_rejections', 'embeddings', 'attendance', 'audit_log'] loop
    execute format(
      'create trigger %I after insert or update or delete or truncate on %I
         for each statement execute function notify_table_changed()',
      t || '_changed', t);
  end loop;
end $$;
