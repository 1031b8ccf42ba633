UPDATE t SET d = '2021-03-04', d2 = '1000-01-01', tm = '00:00:30', db = 2.5, fl = 1.5, y = 0, y2 = 2001, y3 = 0, b = 66, b2 = 0, b3 = 65, f = '2021-06-30 23:59:59.9995' WHERE id = {id}
UPDATE t SET d3 = NULL, tm = '00:19:10', db = 68.5, fl = 0.5, y = 1999, b = 300, b2 = 200 WHERE id = {id}
INSERT INTO t VALUES ({id}, '2022-02-02', '2022-02-02', '2022-02-02', '00:00:00', 0.5, 69.5, 0, 0, 0, 1, 1, 1, '2022-02-02 23:59:59.5') ON DUPLICATE KEY UPDATE db = 1999.5, y2 = 0, b3 = 0
DELETE FROM t WHERE id = {id}
