UPDATE t SET k = k + 1, c = '{s}' WHERE id = {id}
INSERT INTO t VALUES ({id}, {n}, '{s}') ON DUPLICATE KEY UPDATE k = VALUES(k)
DELETE FROM t WHERE id = {id}
