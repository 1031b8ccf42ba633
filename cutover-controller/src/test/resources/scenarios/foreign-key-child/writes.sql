UPDATE t SET parent_id = 1 WHERE id = {id}
