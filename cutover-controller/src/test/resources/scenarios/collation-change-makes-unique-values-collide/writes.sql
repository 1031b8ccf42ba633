UPDATE t SET name = CONCAT('other', {id}) WHERE id = {id} AND id > 2
