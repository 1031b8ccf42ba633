UPDATE t SET h = {n}, a = -{n} WHERE id = {id}
INSERT INTO t (id, a, h) VALUES ({id}, 1, 2) ON DUPLICATE KEY UPDATE h = 3
DELETE FROM t WHERE id = {id}
