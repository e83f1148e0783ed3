-- A sync rewrites many templates at once: a commit that touches every file updates
-- every row. With half of each page left free, such an update changes no indexed
-- column (id, tenant_id, sync_source) and finds room on the page of its row, so it is a
-- heap-only (HOT) update: no new index entries, and the old version is pruned in
-- place. Pages written from now on keep the room, and rows already stored move to
-- roomy pages as they are next updated (or at once with VACUUM FULL templates).
ALTER TABLE "templates" SET (fillfactor = 50);
