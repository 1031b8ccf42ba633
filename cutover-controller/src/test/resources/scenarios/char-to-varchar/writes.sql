UPDATE t SET name = '{s} ' WHERE id = {id}
INSERT INTO t VALUES ({id}, LEFT('{s}', 12), NULL) ON DUPLICATE KEY UPDATE code = VALUES(code)
DELETE FROM t WHERE id = {id}
UPDATE t SET id = {id2} WHERE id = {id}
