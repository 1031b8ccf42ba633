UPDATE t SET name = CONCAT('n', {id2} + 20000) WHERE id = {id}
DELETE FROM t WHERE id = {id} AND id > 2
