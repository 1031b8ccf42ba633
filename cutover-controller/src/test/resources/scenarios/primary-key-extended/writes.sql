UPDATE t SET i = i + 1 WHERE id = {id}
UPDATE t SET v = '{s}' WHERE id = {id}
INSERT INTO t VALUES ({id}, {n} % 5, '{s}') ON DUPLICATE KEY UPDATE i = VALUES(i)
DELETE FROM t WHERE id = {id}
UPDATE t SET id = {id2} WHERE id = {id}
