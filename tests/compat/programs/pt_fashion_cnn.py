"""A small convolutional network (Conv2d, MaxPool2d) with SGD and momentum on synthetic 28x28 images."""
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
classes = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]


def synthetic_fashion(num_images, generator):
    """FashionMNIST-shaped data made up on the spot: (N, 1, 28, 28) floats in [0, 1], labels 0..9.

    Each class is a fixed random silhouette of 4x4 blocks; an image is its class's silhouette,
    dimmed or brightened, under uniform noise.
    """
    coarse = (torch.rand((10, 7, 7), generator=torch.Generator().manual_seed(1234)) < 0.4).float()
    silhouettes = coarse.repeat_interleave(4, dim=1).repeat_interleave(4, dim=2)
    labels = torch.randint(0, 10, (num_images,), generator=generator)
    brightness = 0.3 + 0.4 * torch.rand((num_images, 1, 1), generator=generator)
    noise = torch.rand((num_images, 28, 28), generator=generator)
    images = (brightness * silhouettes[labels] + 0.6 * noise).clamp(0.0, 1.0)
    return images.unsqueeze(1), labels


g = torch.Generator().manual_seed(0)
train_images, train_labels = synthetic_fashion(640, g)
test_images, test_labels = synthetic_fashion(160, g)
training_data = TensorDataset(train_images, train_labels)
test_data = TensorDataset(test_images, test_labels)
print(len(training_data), len(test_data), train_labels[:10], train_labels.bincount())

trainloader = DataLoader(training_data, batch_size=32, shuffle=True)
testloader = DataLoader(test_data, batch_size=32, shuffle=False)

dataiter = iter(trainloader)
images, labels = next(dataiter)
print(images.shape, ' '.join(f'{classes[labels[j]]:5s}' for j in range(4)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)  # flatten all dimensions except batch
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()
print(net)
params = list(net.parameters())
print(len(params), params[0].size())

criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.05, momentum=0.9)

for epoch in range(3):  # loop over the dataset multiple times
    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        # get the inputs; data is a list of [inputs, labels]
        inputs, labels = data

        # zero the parameter gradients
        optimizer.zero_grad()

        # forward + backward + optimize
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        # print statistics
        running_loss += loss.item()
        if i % 5 == 4:  # print every 5 mini-batches
            print(f'[{epoch + 1}, {i + 1:5d}] loss: {running_loss / 5:.3f}')
            running_loss = 0.0

print('Finished Training')

correct = 0
total = 0
# since we're not training, we don't need to calculate the gradients for our outputs
with torch.no_grad():
    for data in testloader:
        images, labels = data
        # calculate outputs by running images through the network
        outputs = net(images)
        # the class with the highest energy is what we choose as prediction
        _, predicted = torch.max(outputs.data, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()

print(f'Accuracy of the network on the {total} test images: {100 * correct // total} %')

# prepare to count predictions for each class
correct_pred = {classname: 0 for classname in classes}
total_pred = {classname: 0 for classname in classes}

with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net(images)
        _, predictions = torch.max(outputs, 1)
        # collect the correct predictions for each class
        for label, prediction in zip(labels, predictions):
            if label == prediction:
                correct_pred[classes[label]] += 1
            total_pred[classes[label]] += 1

for classname, correct_count in correct_pred.items():
    accuracy = 100 * float(correct_count) / total_pred[classname]
    print(f'Accuracy for class: {classname:5s} is {accuracy:.1f} %')
