UPDATE t SET b = CONVERT('{s} é' USING utf8mb4), t2 = '{s}' WHERE id = {id}
DELETE FROM t WHERE id = {id}
