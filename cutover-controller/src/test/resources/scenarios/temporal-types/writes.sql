UPDATE t SET tm = '-{id}:00:00', tm1 = '-00:00:0{id2}.5', tm4 = '-{id}:59:59.9999', tm6 = '-00:{id}:00.000001' WHERE id = {id} AND {id} < 839 AND {id2} < 10
UPDATE t SET dt6 = NOW(6), ts6 = NOW(6), dt3 = NOW(3), ts = NOW() WHERE id = {id}
UPDATE t SET d = '0001-01-01', dt = '0099-12-31 23:59:59', y = 0 WHERE id = {id}
INSERT INTO t (id, y, tm6) VALUES ({id}, 2155, '838:59:59') ON DUPLICATE KEY UPDATE y = 1901
DELETE FROM t WHERE id = {id}
