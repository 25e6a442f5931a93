// Data for the demo province. Real Bà Rịa – Vũng Tàu communes (names after the 2025 reform, which
// removed districts; codes here are demo codes), real produce of the province with believable
// 2026 farm-gate/retail prices in đồng.

export const PROVINCE = { code: "77", name: "Bà Rịa – Vũng Tàu", nameEn: "Ba Ria - Vung Tau" };

export const COMMUNES: Array<{ code: string; name: string; nameEn: string }> = [
  ["77001", "Phường Vũng Tàu", "Vung Tau Ward"],
  ["77002", "Phường Bà Rịa", "Ba Ria Ward"],
  ["77003", "Phường Phú Mỹ", "Phu My Ward"],
  ["77004", "Xã Ngãi Giao", "Ngai Giao Commune"],
  ["77005", "Xã Kim Long", "Kim Long Commune"],
  ["77006", "Xã Bình Giã", "Binh Gia Commune"],
  ["77007", "Xã Xà Bang", "Xa Bang Commune"],
  ["77008", "Xã Xuân Sơn", "Xuan Son Commune"],
  ["77009", "Xã Châu Pha", "Chau Pha Commune"],
  ["77010", "Xã Hòa Hiệp", "Hoa Hiep Commune"],
  ["77011", "Xã Bình Châu", "Binh Chau Commune"],
  ["77012", "Xã Hồ Tràm", "Ho Tram Commune"],
  ["77013", "Xã Xuyên Mộc", "Xuyen Moc Commune"],
  ["77014", "Xã Hòa Hội", "Hoa Hoi Commune"],
  ["77015", "Xã Bàu Lâm", "Bau Lam Commune"],
  ["77016", "Xã Long Sơn", "Long Son Commune"],
  ["77017", "Xã Phước Hải", "Phuoc Hai Commune"],
  ["77018", "Xã Long Hải", "Long Hai Commune"],
  ["77019", "Xã Đất Đỏ", "Dat Do Commune"],
  ["77020", "Xã Long Điền", "Long Dien Commune"],
].map(([code, name, nameEn]) => ({ code, name, nameEn }));

export const CATEGORIES: Array<{ slug: string; nameVi: string; nameEn: string; parent?: string }> = [
  { slug: "trai-cay", nameVi: "Trái cây", nameEn: "Fruit" },
  { slug: "rau-cu", nameVi: "Rau củ", nameEn: "Vegetables" },
  { slug: "rau-an-la", nameVi: "Rau ăn lá", nameEn: "Leafy greens", parent: "rau-cu" },
  { slug: "cu-qua", nameVi: "Củ quả", nameEn: "Roots and fruiting vegetables", parent: "rau-cu" },
  { slug: "gao", nameVi: "Gạo", nameEn: "Rice" },
  { slug: "hai-san", nameVi: "Hải sản", nameEn: "Seafood" },
  { slug: "ca-phe", nameVi: "Cà phê", nameEn: "Coffee" },
  { slug: "ho-tieu", nameVi: "Hồ tiêu", nameEn: "Pepper" },
  { slug: "hat-dieu", nameVi: "Hạt điều", nameEn: "Cashew nuts" },
  { slug: "mat-ong", nameVi: "Mật ong", nameEn: "Honey" },
  { slug: "nam", nameVi: "Nấm", nameEn: "Mushrooms" },
  { slug: "trung-gia-cam", nameVi: "Trứng, gia cầm", nameEn: "Eggs and poultry" },
];

export type Kind = {
  name: string;
  category: string;
  unit: "kg" | "g" | "bo" | "qua" | "hop" | "chai" | "tui" | "cai";
  price: [number, number]; // đồng per unit
  byWeight?: boolean;
  season?: [number, number];
  color: string; // main colour of the drawn produce
  shape: "round" | "oval" | "long" | "spiky" | "leaf" | "grain" | "bottle" | "box" | "bag";
  desc: string;
};

export const KINDS: Kind[] = [
  { name: "Sầu riêng Ri6", category: "trai-cay", unit: "kg", price: [85000, 120000], byWeight: true, season: [5, 8], color: "#9bb83a", shape: "spiky", desc: "Cơm vàng, hạt lép, ráo múi. Cắt trái chín cây, giao trong ngày." },
  { name: "Sầu riêng Monthong", category: "trai-cay", unit: "kg", price: [95000, 140000], byWeight: true, season: [5, 9], color: "#a7c04a", shape: "spiky", desc: "Múi to, cơm dày, vị ngọt béo vừa phải." },
  { name: "Chôm chôm nhãn", category: "trai-cay", unit: "kg", price: [35000, 55000], byWeight: true, season: [5, 8], color: "#c9a227", shape: "round", desc: "Vỏ mỏng, cơm giòn tróc hạt, ngọt thanh như nhãn." },
  { name: "Chôm chôm Java", category: "trai-cay", unit: "kg", price: [25000, 40000], byWeight: true, season: [5, 8], color: "#d8312b", shape: "round", desc: "Trái đỏ tươi, râu xanh, cơm dày ngọt." },
  { name: "Măng cụt", category: "trai-cay", unit: "kg", price: [45000, 70000], byWeight: true, season: [5, 7], color: "#5b2142", shape: "round", desc: "Măng cụt vườn, múi trắng, chua ngọt hài hoà." },
  { name: "Xoài cát Hòa Lộc", category: "trai-cay", unit: "kg", price: [55000, 80000], byWeight: true, season: [3, 6], color: "#f2c53d", shape: "oval", desc: "Xoài bao trái, thơm lừng, thịt mịn không xơ." },
  { name: "Bưởi da xanh", category: "trai-cay", unit: "qua", price: [45000, 75000], season: [8, 12], color: "#6fae3f", shape: "round", desc: "Ruột hồng, tép giòn, không hạt, quả 1,3–1,8 kg." },
  { name: "Thanh long ruột đỏ", category: "trai-cay", unit: "kg", price: [20000, 35000], byWeight: true, season: [4, 9], color: "#d6246e", shape: "oval", desc: "Ruột đỏ đậm, ngọt mát, trồng theo VietGAP." },
  { name: "Mít Thái siêu sớm", category: "trai-cay", unit: "kg", price: [18000, 30000], byWeight: true, color: "#b7b035", shape: "spiky", desc: "Múi vàng, giòn, ngọt đậm. Có tách múi theo yêu cầu." },
  { name: "Nhãn xuồng cơm vàng", category: "trai-cay", unit: "kg", price: [40000, 65000], byWeight: true, season: [7, 9], color: "#b98c4a", shape: "round", desc: "Cơm dày, ráo, ngọt sắc đặc trưng nhãn xuồng." },
  { name: "Bơ 034", category: "trai-cay", unit: "kg", price: [45000, 65000], byWeight: true, season: [6, 10], color: "#3f6b2a", shape: "long", desc: "Bơ sáp dẻo, cơm vàng, hạt nhỏ." },
  { name: "Ổi nữ hoàng", category: "trai-cay", unit: "kg", price: [20000, 30000], byWeight: true, color: "#8cc152", shape: "round", desc: "Ổi giòn, ít hạt, bao trái sạch." },
  { name: "Dừa xiêm xanh", category: "trai-cay", unit: "qua", price: [12000, 18000], color: "#5aa33a", shape: "round", desc: "Nước ngọt thanh, cơm mềm. Gọt sẵn theo yêu cầu." },
  { name: "Chuối già Nam Mỹ", category: "trai-cay", unit: "kg", price: [15000, 25000], byWeight: true, color: "#f1d04b", shape: "long", desc: "Chuối chín tự nhiên, không ủ hoá chất." },
  { name: "Mãng cầu ta", category: "trai-cay", unit: "kg", price: [40000, 60000], byWeight: true, season: [6, 9], color: "#9fc46a", shape: "round", desc: "Mãng cầu dai, thơm, nhiều cơm." },
  { name: "Cam sành", category: "trai-cay", unit: "kg", price: [25000, 35000], byWeight: true, season: [10, 2], color: "#7a9a2b", shape: "round", desc: "Cam mọng nước, vị chua ngọt, vắt nước rất ngon." },
  { name: "Rau muống", category: "rau-an-la", unit: "bo", price: [8000, 12000], color: "#3e8e3e", shape: "leaf", desc: "Rau muống hái sáng, bó 500 g." },
  { name: "Cải ngọt", category: "rau-an-la", unit: "bo", price: [10000, 15000], color: "#4f9c45", shape: "leaf", desc: "Trồng nhà lưới, không thuốc trừ sâu hoá học." },
  { name: "Mồng tơi", category: "rau-an-la", unit: "bo", price: [8000, 12000], color: "#2f7a36", shape: "leaf", desc: "Lá dày, nấu canh cua rất ngọt." },
  { name: "Xà lách thủy canh", category: "rau-an-la", unit: "tui", price: [20000, 30000], color: "#8fcf5a", shape: "leaf", desc: "Thủy canh hồi lưu, túi 300 g, ăn sống an toàn." },
  { name: "Rau dền đỏ", category: "rau-an-la", unit: "bo", price: [8000, 12000], color: "#9c2f4f", shape: "leaf", desc: "Rau dền non, bó 400 g." },
  { name: "Cà chua bi", category: "cu-qua", unit: "kg", price: [35000, 50000], byWeight: true, color: "#e0442b", shape: "round", desc: "Cà chua bi đỏ, giòn ngọt, trồng nhà màng." },
  { name: "Dưa leo", category: "cu-qua", unit: "kg", price: [15000, 22000], byWeight: true, color: "#4c8c2b", shape: "long", desc: "Dưa leo giòn, hái mỗi sáng." },
  { name: "Khổ qua", category: "cu-qua", unit: "kg", price: [18000, 26000], byWeight: true, color: "#5f9e3a", shape: "long", desc: "Khổ qua xanh, đắng nhẹ, nhồi thịt hay xào trứng đều ngon." },
  { name: "Bí đỏ hồ lô", category: "cu-qua", unit: "kg", price: [15000, 22000], byWeight: true, season: [11, 3], color: "#e08a2b", shape: "round", desc: "Bí dẻo, ngọt bùi, để lâu được." },
  { name: "Khoai lang mật", category: "cu-qua", unit: "kg", price: [25000, 35000], byWeight: true, color: "#b4532a", shape: "oval", desc: "Nướng lên chảy mật, ruột cam." },
  { name: "Đậu bắp", category: "cu-qua", unit: "kg", price: [20000, 30000], byWeight: true, color: "#6aa84f", shape: "long", desc: "Đậu bắp non, hái trong ngày." },
  { name: "Ớt chỉ thiên", category: "cu-qua", unit: "kg", price: [40000, 70000], byWeight: true, color: "#d92d20", shape: "long", desc: "Ớt cay nồng, trái đều." },
  { name: "Gừng sẻ", category: "cu-qua", unit: "kg", price: [35000, 50000], byWeight: true, color: "#c8a165", shape: "oval", desc: "Gừng già, cay ấm, nhiều tinh dầu." },
  { name: "Gạo ST25", category: "gao", unit: "tui", price: [150000, 190000], color: "#f4efe1", shape: "bag", desc: "Túi 5 kg. Hạt dài, dẻo thơm, cơm để nguội vẫn mềm." },
  { name: "Gạo Nàng Hoa 9", category: "gao", unit: "tui", price: [110000, 140000], color: "#efe6cf", shape: "bag", desc: "Túi 5 kg. Cơm mềm, thơm nhẹ." },
  { name: "Gạo lứt huyết rồng", category: "gao", unit: "tui", price: [70000, 95000], color: "#8a3b2e", shape: "bag", desc: "Túi 2 kg. Gạo lứt đỏ, giàu chất xơ." },
  { name: "Tôm sú tươi", category: "hai-san", unit: "kg", price: [280000, 380000], byWeight: true, color: "#5d6f7a", shape: "long", desc: "Tôm sú nuôi quảng canh, size 20–25 con/kg, giao ướp đá." },
  { name: "Mực ống câu", category: "hai-san", unit: "kg", price: [260000, 340000], byWeight: true, color: "#e6d4c3", shape: "long", desc: "Mực câu đêm ở Phước Hải, thịt dày, ngọt." },
  { name: "Cá thu cắt khúc", category: "hai-san", unit: "kg", price: [220000, 300000], byWeight: true, color: "#8296a4", shape: "long", desc: "Cá thu biển, cắt khúc sẵn, cấp đông." },
  { name: "Hàu Long Sơn", category: "hai-san", unit: "kg", price: [40000, 60000], byWeight: true, color: "#a89f91", shape: "oval", desc: "Hàu sữa nuôi bè Long Sơn, vỏ sạch." },
  { name: "Ghẹ xanh", category: "hai-san", unit: "kg", price: [320000, 450000], byWeight: true, color: "#3f6d8f", shape: "round", desc: "Ghẹ sống, chắc thịt, 3–4 con/kg." },
  { name: "Khô mực Phước Hải", category: "hai-san", unit: "tui", price: [450000, 650000], color: "#d9b98a", shape: "bag", desc: "Túi 500 g. Mực phơi nắng, nướng thơm." },
  { name: "Nước mắm nhĩ Phước Hải", category: "hai-san", unit: "chai", price: [80000, 130000], color: "#8a4a1c", shape: "bottle", desc: "Chai 500 ml, 40 độ đạm, ủ chượp cá cơm 12 tháng." },
  { name: "Cà phê Robusta rang mộc", category: "ca-phe", unit: "tui", price: [120000, 180000], color: "#4a2c1a", shape: "bag", desc: "Túi 500 g. Hạt chín đỏ, rang mộc, không tẩm." },
  { name: "Cà phê bột nguyên chất", category: "ca-phe", unit: "tui", price: [100000, 150000], color: "#5a3822", shape: "bag", desc: "Túi 500 g, xay vừa pha phin." },
  { name: "Cà phê nhân xanh", category: "ca-phe", unit: "kg", price: [110000, 140000], byWeight: true, season: [11, 2], color: "#8a8a5c", shape: "grain", desc: "Robusta Châu Đức, sàng 18, phơi giàn." },
  { name: "Tiêu đen Châu Đức", category: "ho-tieu", unit: "kg", price: [160000, 220000], byWeight: true, season: [1, 4], color: "#2b2b2b", shape: "grain", desc: "Tiêu hạt chắc, cay thơm, 550 g/l." },
  { name: "Tiêu sọ trắng", category: "ho-tieu", unit: "hop", price: [90000, 130000], color: "#e8e0cc", shape: "box", desc: "Hộp 250 g. Tiêu ngâm bóc vỏ, thơm dịu." },
  { name: "Tiêu xanh ngâm mắm", category: "ho-tieu", unit: "chai", price: [60000, 90000], color: "#4e7d32", shape: "bottle", desc: "Hũ 300 g, chấm hải sản tuyệt ngon." },
  { name: "Hạt điều rang muối", category: "hat-dieu", unit: "hop", price: [160000, 230000], color: "#d8b27a", shape: "box", desc: "Hộp 500 g, hạt W240 còn vỏ lụa, rang củi." },
  { name: "Hạt điều tươi bóc vỏ", category: "hat-dieu", unit: "kg", price: [250000, 320000], byWeight: true, season: [2, 5], color: "#ecd3a5", shape: "grain", desc: "Điều Xuyên Mộc, hạt trắng, chưa rang." },
  { name: "Mật ong hoa cà phê", category: "mat-ong", unit: "chai", price: [150000, 220000], season: [2, 4], color: "#c98a1b", shape: "bottle", desc: "Chai 500 ml, mật nguyên chất quay từ thùng nuôi ở Châu Đức." },
  { name: "Mật ong hoa điều", category: "mat-ong", unit: "chai", price: [140000, 200000], color: "#b8731a", shape: "bottle", desc: "Chai 500 ml, vị ngọt đậm, hậu chua nhẹ." },
  { name: "Nấm rơm", category: "nam", unit: "kg", price: [80000, 110000], byWeight: true, color: "#8d7b68", shape: "round", desc: "Nấm rơm búp, hái sáng sớm." },
  { name: "Nấm bào ngư", category: "nam", unit: "kg", price: [50000, 70000], byWeight: true, color: "#d8d2c4", shape: "leaf", desc: "Nấm bào ngư trắng trồng nhà mát." },
  { name: "Trứng gà ta", category: "trung-gia-cam", unit: "hop", price: [40000, 55000], color: "#e9d3b0", shape: "box", desc: "Hộp 10 trứng, gà thả vườn ăn bắp, lúa." },
  { name: "Trứng vịt", category: "trung-gia-cam", unit: "hop", price: [35000, 45000], color: "#dfe6e3", shape: "box", desc: "Hộp 10 trứng vịt chạy đồng." },
  { name: "Gà thả vườn", category: "trung-gia-cam", unit: "kg", price: [120000, 160000], byWeight: true, color: "#c77a3a", shape: "oval", desc: "Gà ta nuôi 5 tháng, làm sạch, giao nguyên con." },
];

// Farm households: a name pattern, what the farm grows (category slugs) and its story.
export const FARM_PATTERNS: Array<{ prefix: string; categories: string[]; story: string }> = [
  { prefix: "Vườn sầu riêng", categories: ["trai-cay"], story: "Gia đình tôi trồng sầu riêng ở {commune} đã hơn 15 năm. Trái chỉ cắt khi chín cây, không dùng thuốc kích chín." },
  { prefix: "Vườn chôm chôm", categories: ["trai-cay"], story: "Vườn chôm chôm, măng cụt xen canh dưới tán cây, tưới nước giếng, bón phân hữu cơ vi sinh." },
  { prefix: "Nông trại rau sạch", categories: ["rau-an-la", "cu-qua"], story: "Rau trồng trong nhà lưới, hái mỗi sáng và giao ngay trong ngày cho khách ở {commune} và Vũng Tàu." },
  { prefix: "Vườn tiêu", categories: ["ho-tieu", "ca-phe"], story: "Hồ tiêu, cà phê trên đất đỏ bazan {commune}. Chúng tôi phơi giàn, không phơi đất, nên hạt sạch và thơm." },
  { prefix: "Vườn điều", categories: ["hat-dieu", "ho-tieu", "trai-cay"], story: "Điều trồng trên đất cát pha Xuyên Mộc, tự tay nhặt hạt rụng, rang củi theo cách của ông bà." },
  { prefix: "Trại ong", categories: ["mat-ong", "ca-phe", "hat-dieu"], story: "Đàn ong di cư theo mùa hoa cà phê, hoa điều. Mật quay tại vườn, không pha đường, không cô đặc." },
  { prefix: "Hợp tác xã", categories: ["gao", "cu-qua"], story: "Hợp tác xã của {count} hộ xã viên, canh tác lúa thơm và rau màu luân canh, có truy xuất nguồn gốc." },
  { prefix: "Bè hàu, hải sản", categories: ["hai-san"], story: "Ghe của gia đình đánh bắt gần bờ và nuôi bè ở {commune}. Hải sản sống hoặc ướp đá ngay khi lên bờ." },
  { prefix: "Trại nấm", categories: ["nam", "trung-gia-cam"], story: "Trại nấm dùng rơm và mùn cưa sạch, nuôi thêm gà thả vườn quanh trại." },
  { prefix: "Vườn trái cây", categories: ["trai-cay", "cu-qua"], story: "Vườn tạp của gia đình: xoài, bưởi, ổi, thanh long, chuối, quanh năm có trái." },
];

export const OWNER_NAMES = [
  "Út Hà", "Ba Tâm", "Tư Lành", "Sáu Đức", "Bảy Hoa", "Năm Lộc", "Chín Mai", "Hai Thành", "Tám Sang", "Mười Lan",
  "Cô Hạnh", "Chú Phúc", "Anh Khoa", "Chị Ngọc", "Bác Tư", "Ông Sáu", "Cô Thảo", "Anh Tuấn", "Chị Yến", "Út Nhàn",
  "Ba Hiền", "Tư Dũng", "Năm Phương", "Sáu Trinh", "Bảy Lợi",
];

export const FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"];
