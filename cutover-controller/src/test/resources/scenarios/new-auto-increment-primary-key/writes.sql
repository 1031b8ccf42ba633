UPDATE t SET v = {n} WHERE code = CONCAT('c', {id})
INSERT INTO t VALUES (CONCAT('c', {id}), {n}) ON DUPLICATE KEY UPDATE v = VALUES(v)
DELETE FROM t WHERE code = CONCAT('c', {id})
