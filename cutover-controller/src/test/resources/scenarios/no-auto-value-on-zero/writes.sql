UPDATE t SET v = '{s}' WHERE id = 0
UPDATE t SET v = '{s}' WHERE id = {id}
INSERT INTO t VALUES ({id}, '{s}') ON DUPLICATE KEY UPDATE v = VALUES(v)
DELETE FROM t WHERE id = {id}
