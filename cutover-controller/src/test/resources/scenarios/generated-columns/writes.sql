UPDATE t SET a = a + 1 WHERE id = {id}
UPDATE t SET b = NULL WHERE id = {id}
INSERT INTO t (id, a, b) VALUES ({id}, {n}, 1) ON DUPLICATE KEY UPDATE b = 2
DELETE FROM t WHERE id = {id}
