INSERT INTO t (id, v) VALUES ({id}, {n}) ON DUPLICATE KEY UPDATE v = VALUES(v)
UPDATE t SET dt = '0000-00-00 00:00:00', d = '2020-05-00' WHERE id = {id}
UPDATE t SET dt = NOW(), d = '0000-01-01' WHERE id = {id}
UPDATE t SET dt = '2019-00-00 10:11:12' WHERE id = {id}
DELETE FROM t WHERE id = {id}
