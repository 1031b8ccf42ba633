UPDATE t SET f = {n} / 13, fz = {n} * 0.0001234567, fd = {n} / 9, d = {n} / 11 WHERE id = {id}
INSERT INTO t (id, f, fz, fd, d) VALUES ({id}, 123456.789, NULL, 0.3333333, 0.1) ON DUPLICATE KEY UPDATE f = 9876543.21, fz = -1.5e-7
DELETE FROM t WHERE id = {id}
