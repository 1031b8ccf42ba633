UPDATE t SET k = k + 1, c = '{s}' WHERE id = {id}
INSERT INTO t (id, k, c, pad) VALUES ({id}, {n}, '{s}', '{s}') ON DUPLICATE KEY UPDATE k = VALUES(k), c = VALUES(c)
DELETE FROM t WHERE id = {id}
UPDATE t SET id = {id2} WHERE id = {id}
