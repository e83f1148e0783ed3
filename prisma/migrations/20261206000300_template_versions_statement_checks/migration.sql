-- A version's template and text must exist. Foreign keys checked both once per row: a query and,
-- for the template, a row lock per version (each lock writes the template's tuple header and a WAL
-- record), which was much of what a 10,000-file initial sync spent writing its versions beyond the
-- rows themselves (README, "Template versions"). The same guarantees, held per statement:
--   * every statement that inserts or updates versions checks all its rows at its end, with two
--     set-based queries (a text or template the same statement wrote is seen);
--   * a version's template must also belong to the version's organization (stronger than the
--     foreign key, which could not see tenant_id);
--   * deleting templates deletes their versions (the foreign key's ON DELETE CASCADE). In place of
--     the foreign key's row locks, the delete takes a SHARE lock on template_versions: it waits for
--     every transaction writing versions to end, and no version is written until it ends, so none
--     can be left behind for a deleted template. The app never deletes a template (it soft-deletes),
--     so only a deletion of an organization pays for this, and it runs in READ COMMITTED, where the
--     trigger's DELETE sees the versions committed while it waited;
--   * texts are append-only, so nothing a version refers to can go afterwards.
-- Template ids never change (the key is a sequence), so the foreign key's ON UPDATE CASCADE has no
-- counterpart. Triggers are not in Prisma's schema language: tests/history/version-integrity.test.ts
-- holds them to this.
ALTER TABLE "template_versions" DROP CONSTRAINT "template_versions_text_sha256_fkey";
ALTER TABLE "template_versions" DROP CONSTRAINT "template_versions_template_id_fkey";

CREATE FUNCTION "template_versions_check_references"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing_template bigint;
  missing_text bytea;
BEGIN
  SELECT v.template_id INTO missing_template FROM written_versions v
  WHERE NOT EXISTS (SELECT 1 FROM templates t WHERE t.id = v.template_id AND t.tenant_id = v.tenant_id)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'template_versions.template_id % is not a template of the version''s organization', missing_template
      USING ERRCODE = 'foreign_key_violation', TABLE = 'template_versions',
        CONSTRAINT = 'template_versions_template_check';
  END IF;
  SELECT v.text_sha256 INTO missing_text FROM written_versions v
  WHERE NOT EXISTS (SELECT 1 FROM template_texts t WHERE t.sha256 = v.text_sha256)
  LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'template_versions.text_sha256 \x% is not in template_texts', encode(missing_text, 'hex')
      USING ERRCODE = 'foreign_key_violation', TABLE = 'template_versions',
        CONSTRAINT = 'template_versions_text_check';
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "template_versions_inserted_check" AFTER INSERT ON "template_versions"
  REFERENCING NEW TABLE AS written_versions
  FOR EACH STATEMENT EXECUTE FUNCTION "template_versions_check_references"();

CREATE TRIGGER "template_versions_updated_check" AFTER UPDATE ON "template_versions"
  REFERENCING NEW TABLE AS written_versions
  FOR EACH STATEMENT EXECUTE FUNCTION "template_versions_check_references"();

CREATE FUNCTION "templates_delete_versions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE template_versions IN SHARE MODE;
  DELETE FROM template_versions v USING deleted_templates d WHERE v.template_id = d.id;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "templates_deleted_versions" AFTER DELETE ON "templates"
  REFERENCING OLD TABLE AS deleted_templates
  FOR EACH STATEMENT EXECUTE FUNCTION "templates_delete_versions"();

CREATE FUNCTION "template_texts_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'template_texts is append-only: versions refer to its rows (% refused)', TG_OP
    USING ERRCODE = 'restrict_violation', TABLE = 'template_texts';
END;
$$;

CREATE TRIGGER "template_texts_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "template_texts"
  FOR EACH STATEMENT EXECUTE FUNCTION "template_texts_append_only"();
