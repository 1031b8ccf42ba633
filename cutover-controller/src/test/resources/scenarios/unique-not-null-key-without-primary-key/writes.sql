UPDATE t SET n = n + 1, v = '{s}' WHERE code = CONCAT('c', {id})
INSERT INTO t VALUES (CONCAT('c', {id}), {n}, '{s}') ON DUPLICATE KEY UPDATE n = VALUES(n)
DELETE FROM t WHERE code = CONCAT('c', {id})
UPDATE t SET code = CONCAT('c', {id2}) WHERE code = CONCAT('c', {id})
