UPDATE t SET c = CONCAT('p', {n}) WHERE id = {id} AND id <> 500
