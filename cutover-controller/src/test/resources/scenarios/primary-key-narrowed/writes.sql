UPDATE t SET v = {n} WHERE id = {id}
INSERT INTO t VALUES ({id}, 1, {n}) ON DUPLICATE KEY UPDATE v = VALUES(v)
DELETE FROM t WHERE id = {id}
UPDATE t SET id = {id2} WHERE id = {id}
