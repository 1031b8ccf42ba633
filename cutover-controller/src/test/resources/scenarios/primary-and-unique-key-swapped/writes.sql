UPDATE t SET v = {n} WHERE id = {id}
UPDATE t SET code = CONCAT('c', {id2}) WHERE id = {id}
INSERT INTO t VALUES ({id}, CONCAT('c', {id}), {n}) ON DUPLICATE KEY UPDATE v = VALUES(v)
DELETE FROM t WHERE id = {id}
UPDATE t SET id = {id2} WHERE id = {id}
