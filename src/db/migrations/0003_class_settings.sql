-- Each class's recognition settings: the face model its photos are embedded with, and the named
-- parameter preset (src/ml/presets.ts) clustering and assignment use. Existing classes get the
-- app's defaults. The lists must match EMBEDDING_MODEL_IDS and PRESET_NAMES (checked by
-- test/integration/class-settings.test.ts).
alter table classes
  add column embedding_model text not null default 'arcface'
    check (embedding_model in ('arcface', 'facenet')),
  add column preset text not null default 'balanced'
    check (preset in ('balanced', 'high-precision', 'fast'));
