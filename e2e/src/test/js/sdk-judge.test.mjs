// The Backendless JavaScript SDK, unmodified, against a running Tidings: every messaging call a
// Backendless app makes, with its answers and what the FCM and APNs emulators received.
// SdkConformanceTest runs it with `node --test` and the stack's addresses in the environment.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import Backendless from 'backendless'

const env = name => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}
const serverURL = env('TIDINGS_URL')
const appId = env('TIDINGS_APP_ID')
const apiKey = env('TIDINGS_API_KEY')
const fcm = env('FCM_EMULATOR_URL')
const apns = env('APNS_EMULATOR_URL')
const admin = env('TIDINGS_ADMIN_URL')
const adminToken = env('TIDINGS_ADMIN_TOKEN')

const run = randomBytes(4).toString('hex')
const channel = `sdk-${run}`
const android = { uuid: `sdk-android-${run}`, platform: 'ANDROID', version: '14', token: `sdk:APA91b${run}${randomBytes(16).toString('hex')}` }
const ios = { uuid: `sdk-ios-${run}`, platform: 'IOS', version: '17.4', token: randomBytes(32).toString('hex') }

Backendless.initApp({ appId, apiKey, serverURL })
const { PublishOptions, DeliveryOptions } = Backendless.Messaging

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

async function received(emulator, token) {
  const answer = await fetch(`${emulator}/emulator/notifications?token=${encodeURIComponent(token)}`)
  assert.equal(answer.status, 200)
  return (await answer.json()).notifications
}

/** The notifications the device's emulator received whose text contains `text`. */
async function receivedWith(device, text) {
  const all = await received(device === ios ? apns : fcm, device.token)
  return all.filter(n => JSON.stringify(n.payload).includes(text))
}

async function statusOnce(messageId, predicate, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs
  let status
  while (Date.now() < deadline) {
    status = await Backendless.Messaging.getMessageStatus(messageId)
    if (predicate(status)) return status
    await sleep(250)
  }
  assert.fail(`message ${messageId} never ${what}; last status ${JSON.stringify(status)}`)
}

const published = messageId => statusOnce(messageId, s => s.status === 'published', 'published')

async function rejectsWith(promise, code) {
  await assert.rejects(promise, error => {
    assert.equal(error.code, code, `expected code ${code}, got ${error.code}: ${error.message}`)
    assert.equal(typeof error.message, 'string')
    return true
  })
}

async function register(device, channels) {
  Backendless.setupDevice({ uuid: device.uuid, platform: device.platform, version: device.version })
  return Backendless.Messaging.registerDevice(device.token, channels)
}

test('registerDevice and getRegistrations', async () => {
  const a = await register(android, [channel])
  assert.equal(typeof a.registrationId, 'string')
  const registrations = await Backendless.Messaging.getRegistrations()
  assert.equal(registrations.length, 1)
  assert.equal(registrations[0].deviceId, android.uuid)
  assert.equal(registrations[0].deviceToken, android.token)
  assert.equal(registrations[0].os, 'ANDROID')
  assert.equal(registrations[0].osVersion, '14')
  assert.equal(registrations[0].channelName, channel)

  const i = await register(ios, [channel])
  assert.equal(typeof i.registrationId, 'string')
  assert.equal((await Backendless.Messaging.getRegistrations())[0].os, 'IOS')
})

test('publish to a channel reaches both devices with the header mapping', async () => {
  const text = `hello ${run}`
  const answer = await Backendless.Messaging.publish(channel, text,
    new PublishOptions({ headers: { 'android-content-title': 'SDK', 'ios-alert-title': 'SDK', 'ios-badge': '3', orderId: '7' } }))
  assert.equal(answer.status, 'published')
  assert.equal(typeof answer.messageId, 'string')
  const status = await published(answer.messageId)
  assert.equal(status.successfulSendsAmount, 2)
  assert.equal(status.failedSendsAmount, 0)

  const [toAndroid] = await receivedWith(android, text)
  assert.equal(toAndroid.payload.notification.title, 'SDK')
  assert.equal(toAndroid.payload.notification.body, text)
  assert.equal(toAndroid.payload.data.orderId, '7')
  const [toIos] = await receivedWith(ios, text)
  assert.deepEqual(toIos.payload.aps.alert, { title: 'SDK', body: text })
  assert.equal(toIos.payload.aps.badge, 3)
  assert.equal(toIos.payload.orderId, '7')
})

test('pushBroadcast by name and by mask selects the systems', async () => {
  const forAndroid = `android only ${run}`
  const a = await Backendless.Messaging.publish(channel, forAndroid, null, new DeliveryOptions({ pushBroadcast: 'FOR_ANDROID' }))
  assert.equal((await published(a.messageId)).successfulSendsAmount, 1)
  assert.equal((await receivedWith(android, forAndroid)).length, 1)
  assert.equal((await receivedWith(ios, forAndroid)).length, 0)

  const forIos = `ios only ${run}`
  const i = await Backendless.Messaging.publish(channel, forIos, null, new DeliveryOptions({ pushBroadcast: 1 }))
  assert.equal((await published(i.messageId)).successfulSendsAmount, 1)
  assert.equal((await receivedWith(ios, forIos)).length, 1)
  assert.equal((await receivedWith(android, forIos)).length, 0)
})

test('pushSinglecast reaches exactly the listed devices', async () => {
  const text = `singlecast ${run}`
  const answer = await Backendless.Messaging.publish(channel, text, null, new DeliveryOptions({ pushSinglecast: [ios.uuid] }))
  assert.equal((await published(answer.messageId)).recipients, 1)
  assert.equal((await receivedWith(ios, text)).length, 1)
  assert.equal((await receivedWith(android, text)).length, 0)
})

test('publishAt as a Date is scheduled and arrives at its time, not before', async () => {
  const text = `later ${run}`
  const at = new Date(Date.now() + 3000)
  const answer = await Backendless.Messaging.publish(channel, text, null, new DeliveryOptions({ publishAt: at }))
  assert.equal(answer.status, 'scheduled')
  const waiting = await Backendless.Messaging.getMessageStatus(answer.messageId)
  assert.equal(waiting.status, 'scheduled')
  assert.equal(waiting.publishAt, at.getTime())
  assert.equal((await receivedWith(android, text)).length, 0)
  await published(answer.messageId)
  const [toAndroid] = await receivedWith(android, text)
  assert.ok(Date.parse(toAndroid.receivedAt) >= at.getTime(), `arrived at ${toAndroid.receivedAt}, before ${at.toISOString()}`)
})

test('repeatEvery repeats until cancel, and nothing fires after the cancel answered', async () => {
  const text = `repeat ${run}`
  const answer = await Backendless.Messaging.publish(channel, text, null,
    new DeliveryOptions({ repeatEvery: 1, pushBroadcast: 'FOR_ANDROID' }))
  assert.equal(answer.status, 'scheduled')
  await statusOnce(answer.messageId, s => s.occurrences >= 2, 'fired twice', 15000)
  const cancelled = await Backendless.Messaging.cancel(answer.messageId)
  assert.equal(cancelled.status, 'cancelled')
  assert.equal(cancelled.messageId, answer.messageId)
  await sleep(1000) // the last firing before the cancel may still be on its way to the emulator
  const before = (await receivedWith(android, text)).length
  await sleep(2500)
  assert.equal((await receivedWith(android, text)).length, before, 'a firing after the cancel')
  assert.equal((await Backendless.Messaging.getMessageStatus(answer.messageId)).status, 'cancelled')
  await rejectsWith(Backendless.Messaging.cancel(answer.messageId), 5040)
})

test('error paths answer with Backendless codes', async () => {
  await rejectsWith(Backendless.Messaging.publish(channel, 'past', null,
    new DeliveryOptions({ publishAt: new Date(Date.now() - 60000) })), 5030)
  await rejectsWith(Backendless.Messaging.publish(channel, 'no repeat', null,
    new DeliveryOptions({ publishAt: Date.now() + 60000, repeatExpiresAt: Date.now() + 120000 })), 5003)
  await rejectsWith(Backendless.Messaging.publish(channel, 'half a second', null,
    new DeliveryOptions({ repeatEvery: 0.5 })), 5916)
  await rejectsWith(Backendless.Messaging.getMessageStatus(`no-such-${run}`), 5040)
  await rejectsWith(Backendless.Messaging.cancel(`no-such-${run}`), 5040)

  const stranger = Backendless.initApp({ appId, apiKey: 'WRONG-KEY', serverURL, standalone: true })
  await rejectsWith(stranger.Messaging.publish(channel, 'who am I'), 5903)
})

test('getPushTemplates and pushWithTemplate', async () => {
  // templates are made with the admin API (Backendless keeps them in its console)
  const template = {
    name: `sdk-template-${run}`,
    content: { message: 'Hi {Users.firstName|friend}, {item} is back on {Devices.os}', title: 'Restocked' },
    audience: { channel },
    ios: { badge: 2, sound: 'bell.caf' },
    android: { color: '#112233' }
  }
  const saved = await fetch(`${admin}/templates`, {
    method: 'POST', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(template)
  })
  assert.equal(saved.status, 201, await saved.text())

  const forIos = await Backendless.Messaging.getPushTemplates('IOS')
  assert.equal(forIos[template.name].ios.badge, 2)
  assert.equal(forIos[template.name].content.message, template.content.message)
  assert.equal(forIos[template.name].android, undefined)
  const forAndroid = await Backendless.Messaging.getPushTemplates('ANDROID')
  assert.equal(forAndroid[template.name].android.color, '#112233')

  const answer = await Backendless.Messaging.pushWithTemplate(template.name, { item: `tea ${run}` })
  assert.equal(answer.status, 'published')
  const status = await published(answer.messageId)
  assert.equal(status.successfulSendsAmount, 2)
  const [toAndroid] = await receivedWith(android, `tea ${run}`)
  assert.equal(toAndroid.payload.notification.body, `Hi friend, tea ${run} is back on ANDROID`)
  assert.equal(toAndroid.payload.notification.title, 'Restocked')
  assert.equal(toAndroid.payload.android.notification.color, '#112233')
  const [toIos] = await receivedWith(ios, `tea ${run}`)
  assert.deepEqual(toIos.payload.aps.alert, { title: 'Restocked', body: `Hi friend, tea ${run} is back on IOS` })
  assert.equal(toIos.payload.aps.badge, 2)
  assert.equal(toIos.payload.template_name, template.name)

  await rejectsWith(Backendless.Messaging.pushWithTemplate(`missing-${run}`), 5920)
  await rejectsWith(Backendless.Messaging.pushWithTemplate(template.name, { item: { nested: true } }), 5904)
})

test('a logged-in user (user-token) publishes where the roles allow, and registers their own device', async () => {
  const asAdmin = (path, method, body) => fetch(`${admin}${path}`, {
    method, headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body)
  })
  // a key on which the staff channel is for users with the role staff; the app's backend logs its user in
  const keyAnswer = await asAdmin('/keys', 'POST', { name: `sdk-roles-${run}`, publishRules: [
    { channel: `staff-${run}`, access: 'ALLOW', role: 'staff' }, { channel: `open-${run}`, access: 'ALLOW' }] })
  assert.equal(keyAnswer.status, 200)
  const key = (await keyAnswer.json()).apiKey
  const userId = `sdk-user-${run}`
  const session = await asAdmin(`/users/${userId}/tokens`, 'POST', { roles: ['staff'] })
  assert.equal(session.status, 201)
  const userToken = (await session.json()).userToken

  const staffApp = Backendless.initApp({ appId, apiKey: key, serverURL, standalone: true })
  staffApp.UserService.setCurrentUser({ objectId: userId, 'user-token': userToken })
  const guestApp = Backendless.initApp({ appId, apiKey: key, serverURL, standalone: true })

  assert.equal((await staffApp.Messaging.publish(`staff-${run}`, 'for staff')).status, 'published')
  await rejectsWith(guestApp.Messaging.publish(`staff-${run}`, 'not for guests'), 5007)
  assert.equal((await guestApp.Messaging.publish(`open-${run}`, 'for anyone')).status, 'published')

  // the device registered with the user's token is the user's
  const phone = { uuid: `sdk-staff-${run}`, platform: 'ANDROID', version: '14' }
  staffApp.setupDevice(phone)
  await staffApp.Messaging.registerDevice(`sdk:APA91b${run}staff${randomBytes(8).toString('hex')}`, [`staff-${run}`])
  const [registration] = await staffApp.Messaging.getRegistrations()
  assert.equal(registration.userId, userId)

  // logged out everywhere by the backend: the token is refused with Backendless' 3064
  assert.equal((await asAdmin(`/users/${userId}/tokens`, 'DELETE')).status, 200)
  await rejectsWith(staffApp.Messaging.publish(`staff-${run}`, 'after logout'), 3064)
})

test('unregisterDevice removes the device; it gets nothing more', async () => {
  Backendless.setupDevice({ uuid: android.uuid, platform: android.platform, version: android.version })
  const result = await Backendless.Messaging.unregisterDevice()
  assert.ok(result)
  await rejectsWith(Backendless.Messaging.getRegistrations(), 5000)
  await rejectsWith(Backendless.Messaging.unregisterDevice(), 5001)

  const text = `after unregister ${run}`
  const answer = await Backendless.Messaging.publish(channel, text)
  assert.equal((await published(answer.messageId)).recipients, 1)
  assert.equal((await receivedWith(android, text)).length, 0)
  assert.equal((await receivedWith(ios, text)).length, 1)
})
