UPDATE t SET k = k + 1, note = '{s}' WHERE id = {id}
INSERT INTO t VALUES ({id}, {n}, {id} + 10000000, '{s}') ON DUPLICATE KEY UPDATE k = VALUES(k)
DELETE FROM t WHERE id = {id}
