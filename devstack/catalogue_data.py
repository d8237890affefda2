"""A demo catalogue in the meiduo mall's style: channels in groups, three-level categories, SPUs and SKUs.

Ids, prices, stock and times are fixed, so loading twice writes the same items.
"""

# ruff: noqa: RUF001  (Chinese product copy is written with full-width punctuation)

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from chalicelib.catalogue.category_repository import CategoryModel
from chalicelib.catalogue.repository import SkuModel, SpuModel

# group id -> channels: (first-level id, name, url, [(second-level id, name, [(third-level id, name)])])
TREE = {
    1: [
        (1, "手机", "http://shouji.jd.com/", [
            (38, "手机通讯", [(115, "手机"), (116, "游戏手机")]),
            (39, "手机配件", [(119, "手机壳"), (120, "贴膜")]),
        ]),
        (2, "相机", "http://www.itcast.cn/", [(40, "摄影摄像", [(122, "数码相机"), (123, "微单相机")])]),
    ],
    2: [
        (4, "电脑", "http://diannao.jd.com/", [
            (48, "电脑整机", [(157, "笔记本"), (158, "游戏本"), (159, "平板电脑")]),
        ]),
        (5, "办公", "http://bangong.jd.com/", [(49, "外设产品", [(160, "鼠标"), (161, "键盘")])]),
    ],
    3: [
        (6, "家用电器", "http://jiadian.jd.com/", [
            (50, "大家电", [(170, "平板电视"), (171, "空调")]),
            (51, "厨卫大电", [(172, "油烟机")]),
        ]),
    ],
}  # fmt: skip


# SPUs: (spu id, third-level category id, name, caption)
SPUS = [
    (1, 115, "Apple iPhone 8 Plus (A1864)", "选【移动优惠购】新机配新卡，198优质靓号，流量不限量！"),
    (2, 115, "华为 HUAWEI P10 Plus", "wifi双天线设计！徕卡人像摄影！"),
    (3, 115, "小米 Redmi Note 5A", "高配大内存，千元指纹机"),
    (4, 116, "ROG 游戏手机 2", "120Hz 刷新率，6000mAh 大电池"),
    (5, 116, "黑鲨游戏手机 Helo", "双液冷散热，磁动力升降按键"),
    (6, 119, "iPhone 8 Plus 硅胶保护壳", "官方品质，亲肤手感"),
    (7, 120, "闪魔 钢化膜", "9H 硬度，高清防指纹"),
    (8, 122, "佳能 PowerShot G7 X Mark II", "1 英寸大底，轻便卡片机"),
    (9, 122, "索尼 DSC-RX100M5A 黑卡", "24 帧高速连拍"),
    (10, 123, "富士 X-T30 微单相机", "复古外观，胶片模拟"),
    (11, 123, "索尼 Alpha 6400 微单相机", "实时眼部对焦"),
    (12, 157, "Apple MacBook Pro 13.3英寸笔记本", "【全新 2017 款】MacBook Pro 现已发售"),
    (13, 157, "联想 小新 Air 14", "轻薄本，全面屏"),
    (14, 157, "华为 MateBook 14", "2K 全面屏，多屏协同"),
    (15, 158, "拯救者 Y9000P 游戏本", "16 英寸 2.5K 165Hz 电竞屏"),
    (16, 158, "ROG 幻16 游戏本", "星空屏，高色域"),
    (17, 159, "Apple iPad Air 10.9英寸", "M1 芯片，全面屏"),
    (18, 159, "华为 MatePad 11", "120Hz 高刷全面屏"),
    (19, 160, "罗技 MX Master 3S 无线鼠标", "静音点击，8K DPI"),
    (20, 160, "雷蛇 炼狱蝰蛇 V3", "有线游戏鼠标"),
    (21, 161, "罗技 MX Keys 无线键盘", "背光智能，多设备切换"),
    (22, 161, "Cherry MX 3.0S 机械键盘", "德国原厂轴体"),
    (23, 170, "小米电视 EA65", "4K 超高清，金属全面屏"),
    (24, 170, "海信 E5K 电视", "144Hz 高刷"),
    (25, 171, "格力 云佳 空调", "新一级能效 变频冷暖"),
    (26, 171, "美的 酷省电 空调", "一级能效 智能控制"),
    (27, 172, "方太 EMD2T 油烟机", "大吸力 欧式顶吸"),
    (28, 172, "老板 CXW-260 油烟机", "免拆洗 大吸力"),
]
# SKUs, numbered from 1 in this order: (spu id, variant, price, stock)
VARIANTS = [
    (1, "64GB 金色 移动联通电信4G手机", "6499.00", 80),
    (1, "64GB 深空灰色 移动联通电信4G手机", "6499.00", 60),
    (1, "256GB 金色 移动联通电信4G手机", "7988.00", 30),
    (1, "256GB 银色 移动联通电信4G手机", "7988.00", 0),
    (2, "6GB+64GB 钻雕金 移动联通电信4G手机 双卡双待", "3388.00", 120),
    (2, "6GB+128GB 钻雕蓝 移动联通电信4G手机 双卡双待", "3788.00", 90),
    (2, "4GB+64GB 曜石黑 移动联通电信4G手机 双卡双待", "2988.00", 150),
    (3, "3GB+32GB 香槟金 全网通4G手机", "899.00", 300),
    (3, "4GB+64GB 铂银灰 全网通4G手机", "1199.00", 250),
    (4, "12GB+512GB 冰川白 全网通", "5999.00", 40),
    (4, "8GB+128GB 暗影黑 全网通", "3499.00", 70),
    (5, "10GB+256GB 极夜黑", "3999.00", 55),
    (5, "12GB+256GB 冰川银", "4299.00", 35),
    (6, "午夜蓝", "58.00", 500),
    (6, "宝石红", "58.00", 420),
    (6, "深灰色", "58.00", 380),
    (7, "iPhone 8 Plus 两片装", "29.90", 900),
    (7, "华为 P10 Plus 两片装", "29.90", 600),
    (8, "黑色 数码相机", "3999.00", 35),
    (9, "黑色 数码相机", "5799.00", 20),
    (10, "XC15-45 套机 银色", "5499.00", 25),
    (10, "XF18-55 套机 黑色", "6999.00", 18),
    (11, "16-50mm 套机 黑色", "6899.00", 30),
    (12, "银色 Core i5 8GB 256GB", "11388.00", 40),
    (12, "深灰色 Core i5 8GB 256GB", "11388.00", 35),
    (12, "银色 Core i5 8GB 512GB", "12888.00", 20),
    (12, "深灰色 Core i7 16GB 512GB", "15888.00", 10),
    (13, "锐龙R5 16GB 512GB 银色", "4299.00", 110),
    (13, "酷睿i5 16GB 512GB 深空灰", "4899.00", 85),
    (14, "i5 16GB 512GB 深空灰", "5999.00", 60),
    (14, "i7 16GB 1TB 皓月银", "6999.00", 40),
    (15, "i7 16GB 1TB RTX4060", "8999.00", 45),
    (15, "i9 32GB 1TB RTX4070", "11999.00", 15),
    (16, "i9 16GB 1TB RTX4060 灰色", "10999.00", 22),
    (17, "64GB WLAN 深空灰色", "4399.00", 70),
    (17, "256GB WLAN 星光色", "5599.00", 50),
    (18, "6GB+128GB WiFi 曜石灰", "2499.00", 95),
    (19, "石墨黑", "749.00", 200),
    (19, "珍珠白", "749.00", 150),
    (20, "黑色", "299.00", 260),
    (20, "白色", "329.00", 180),
    (21, "石墨黑", "799.00", 140),
    (22, "黑色 红轴", "549.00", 180),
    (22, "黑色 青轴", "549.00", 170),
    (23, "65英寸", "2699.00", 60),
    (23, "55英寸", "1899.00", 80),
    (23, "75英寸", "3999.00", 40),
    (24, "75英寸", "4999.00", 30),
    (25, "1.5匹 挂机", "2799.00", 90),
    (25, "大1匹 挂机", "2399.00", 110),
    (26, "1.5匹 挂机", "2599.00", 100),
    (27, "侧吸式", "3999.00", 25),
    (28, "欧式 顶吸", "4599.00", 20),
]

_BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)


def categories() -> list[CategoryModel]:
    """Every category of TREE; first-level ones carry their channel (group, sequence, url)."""
    items: list[CategoryModel] = []
    for group_id, channels in TREE.items():
        for sequence, (cat1_id, name, url, subs) in enumerate(channels, start=1):
            items.append(CategoryModel(cat1_id, name=name, level=1, group_id=group_id, sequence=sequence, url=url))
            for cat2_id, cat2_name, leaves in subs:
                items.append(CategoryModel(cat2_id, name=cat2_name, level=2, parent_id=cat1_id))
                items += [CategoryModel(i, name=n, level=3, parent_id=cat2_id) for i, n in leaves]
    return items


def skus() -> list[SkuModel]:
    """One SKU per row of VARIANTS, numbered from 1; sales, comments and times vary but are fixed."""
    spus_by_id = {spu_id: (category_id, name, caption) for spu_id, category_id, name, caption in SPUS}
    items: list[SkuModel] = []
    for sku_id, (spu_id, variant, price, stock) in enumerate(VARIANTS, start=1):
        category_id, name, caption = spus_by_id[spu_id]
        items.append(
            SkuModel(
                sku_id,
                spu_id=spu_id,
                category_id=category_id,
                name=f"{name} {variant}",
                caption=caption,
                price=Decimal(price),
                stock=stock,
                sales=(sku_id * 37) % 101,
                comments=(sku_id * 13) % 29,
                default_image_url=f"media/skus/{sku_id}.png",  # a key in the media bucket (devstack/demo.py)
                create_time=_BASE_TIME + timedelta(hours=sku_id),
            )
        )
    return items


def spus() -> list[SpuModel]:
    """Every SPU, its sales the sum of its SKUs' sales."""
    totals: dict[int, int] = {}
    for sku in skus():
        totals[int(sku.spu_id)] = totals.get(int(sku.spu_id), 0) + int(sku.sales)
    return [
        SpuModel(spu_id, name=name, category_id=category_id, sales=totals.get(spu_id, 0))
        for spu_id, category_id, name, _ in SPUS
    ]
