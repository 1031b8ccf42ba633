UPDATE t SET v = ' 2', w = '2022/02/03 04:05:06.7', x = '2022-02-03  00:00:00', j = 'true', jt = '59.9', tb = '00:01:40.25', db = '2022-02-02 22:22:22' WHERE id = {id}
UPDATE t SET v = '01:02:03', w = NULL, x = '2022.12.31', j = '7', jt = '235959', tb = '00:00:00', db = NULL WHERE id = {id}
INSERT INTO t VALUES ({id}, ' 5', '2023/01/01 00:00:00', '20230101', 'false', '0', '00:00:09.99', '2023-01-01 00:00:00') ON DUPLICATE KEY UPDATE v = ' 23:59', j = '1', jt = '1.25'
DELETE FROM t WHERE id = {id}
