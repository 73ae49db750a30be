-- Reference photos: a student can be enrolled from photos of them alone ("roster with photos").
-- Such a photo belongs to the student, not to a session, so session_images holds both kinds:
-- a session photo has session_id, a reference photo has student_id, never both. Everything that
-- reads a session's photos filters on session_id, so reference faces never show in a session
-- and never count for attendance; their confirmed faces are the student's gallery for assignment.

alter table session_images alter column session_id drop not null;
alter table session_images add column student_id uuid;
alter table session_images
  add constraint session_images_student_fkey
    foreign key (student_id, class_id) references students (id, class_id) on delete cascade;
alter table session_images
  add constraint session_images_one_owner_check
    check ((session_id is null) <> (student_id is null));
-- The same photo twice for one student is the same reference (as unique (session_id,
-- content_hash) does for a session).
alter table session_images
  add constraint session_images_student_content_key unique (student_id, content_hash);
