-- Roster first (issue 12): students are only the people on the class list. Recognition never
-- creates a student; the faces nobody has named are grouped into questions for the teacher.
--
-- face_groups: the open questions of a class ("person A, 3 faces in 2 photos"), re-formed by
-- every "Recognise students" from the class's unassigned faces. A group is data, never a
-- student: it has no name and is never a row of an attendance sheet. Its faces point at it.
create table face_groups (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references classes (id) on delete cascade,
  -- mean similarity of the group's faces to each other, and the teacher-facing confidence
  cohesion real not null,
  confidence real not null check (confidence between 0 and 1),
  created_at timestamptz not null default now(),
  unique (id, class_id)
);

-- dismissed_people: someone the teacher said is "not in this class" (a visitor, a person in the
-- background). Their faces stay, marked 'rejected', as negative examples: a later face that
-- matches them by the same kNN rule as a student's is dismissed automatically, never asked
-- about again, until the teacher changes it on the dismissed list.
create table dismissed_people (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references classes (id) on delete cascade,
  created_at timestamptz not null default now(),
  unique (id, class_id)
);

alter table face_crops
  add column group_id uuid,
  add column dismissed_id uuid,
  -- "low quality, not counted": a partial, tiny, blurred or doubtful detection (the rule and its
  -- derivation: src/domain/face/low-quality.ts). Never assigned automatically, never a question.
  add column low_quality boolean not null default false;
alter table face_crops
  add constraint face_crops_group_fkey
    foreign key (group_id, class_id) references face_groups (id, class_id)
    on delete set null (group_id),
  add constraint face_crops_dismissed_fkey
    foreign key (dismissed_id, class_id) references dismissed_people (id, class_id)
    on delete set null (dismissed_id);
create index face_crops_group_idx on face_crops (group_id) where group_id is not null;
create index face_crops_dismissed_idx on face_crops (dismissed_id) where dismissed_id is not null;

-- A face leaves its question group as soon as it is answered, and a dismissed person's face is
-- one only while it is 'rejected'; every path that changes a face's status keeps this for free.
create function face_crops_settle_roles() returns trigger language plpgsql as $$
begin
  if new.assignment_status <> 'unassigned' then
    new.group_id := null;
  end if;
  if new.assignment_status <> 'rejected' then
    new.dismissed_id := null;
  end if;
  return new;
end $$;
-- Named to run after face_crops_unassign_orphans (triggers fire in name order).
create trigger face_crops_xsettle_roles before insert or update on face_crops
  for each row execute function face_crops_settle_roles();

do $$
declare t text;
begin
  foreach t in array array['face_groups', 'dismissed_people'] loop
    execute format(
      'create trigger %I after insert or update or delete or truncate on %I
         for each statement execute function notify_table_changed()',
      t || '_changed', t);
  end loop;
end $$;

-- Students that clustering made before this version ("Unnamed N", never named by the teacher)
-- are not on the class list: their automatic faces go back to being unknown (they become
-- questions at the next "Recognise students"), and the student goes unless the teacher confirmed
-- a face of them or set their attendance by hand.
update face_crops c set student_id = null, assignment_status = 'unassigned', confidence = null
from students s
where s.id = c.student_id and s.is_auto_created and c.assignment_status = 'auto';
delete from students s
where s.is_auto_created
  and not exists (select 1 from face_crops c where c.student_id = s.id)
  and not exists (select 1 from session_images i where i.student_id = s.id)
  and not exists (select 1 from attendance a where a.student_id = s.id and a.source = 'manual');
