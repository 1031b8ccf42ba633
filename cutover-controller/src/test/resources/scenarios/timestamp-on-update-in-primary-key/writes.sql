UPDATE t SET v = v + 1 WHERE id = {id}
INSERT INTO t (id, v) VALUES ({id}, {n})
DELETE FROM t WHERE id = {id}
