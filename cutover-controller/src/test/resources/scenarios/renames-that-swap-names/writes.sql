UPDATE t SET a = '{s}' WHERE id = {id}
UPDATE t SET b = '{s}' WHERE id = {id}
INSERT INTO t VALUES ({id}, 'aa', 'bb') ON DUPLICATE KEY UPDATE a = 'a2'
DELETE FROM t WHERE id = {id}
