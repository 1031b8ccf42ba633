INSERT INTO t (k, c) VALUES ({n}, MD5({id})) ON DUPLICATE KEY UPDATE k = VALUES(k)
DELETE FROM t WHERE id = {id}
UPDATE t SET k = k + 1 WHERE id = {id}
