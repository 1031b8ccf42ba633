UPDATE t SET v = '{s}' WHERE ida = {id}
INSERT INTO t (ida, v) VALUES ({id}, '{s}') ON DUPLICATE KEY UPDATE v = VALUES(v)
DELETE FROM t WHERE ida = {id}
UPDATE t SET ida = {id2} WHERE ida = {id}
