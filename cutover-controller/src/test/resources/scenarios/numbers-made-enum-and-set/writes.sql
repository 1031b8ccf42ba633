UPDATE t SET i = 0, u = 2, y = 0, d = 0, f = 1, m = 0, s = 0, s2 = 0 WHERE id = {id}
UPDATE t SET i = 2, u = 0, y = 1999, d = -0e0, f = 0, m = 2, s = 7, s2 = 5 WHERE id = {id}
INSERT INTO t VALUES ({id}, 0, 0, 0, 0, 0, 0, 0, 0) ON DUPLICATE KEY UPDATE i = 1, y = 2000, d = 2, s = 6
DELETE FROM t WHERE id = {id}
